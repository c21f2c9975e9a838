"""The media path of `greenstatus post` (--media, --voice): a checked post handed to the send path.

compose.inputs checks everything (options, file, caption) before any request; `outgoing` hands
the result to the send path, whose upload runs once the duplicate guard has let it through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..compose import PreparedMedia
    from ..config import Settings
    from ..sending.deliver import OutgoingStatus, SendOptions


def outgoing(settings: Settings, prepared: PreparedMedia, options: SendOptions) -> OutgoingStatus:
    """The journal's view of a media post: its kind, the body (urlFile still a placeholder
    for a local file), the guard's key by file hash or URL, and the upload to run once the
    guard has let it through."""
    from ..sending.upload import hash_while_loading, upload_prepared

    # First, so that every import from here to the guard runs while the file is hashed.
    hash_while_loading(prepared)
    from ..sending.deliver import media_status

    def upload() -> dict[str, Any]:
        upload_prepared(
            settings,
            prepared,
            timeout=options.timeout,
            retries=options.retries,
            verbose=options.verbose,
        )
        return prepared.body()

    return media_status(prepared, upload)
