"""THE upload of a local file to the profile's media host: `post` and `outbox flush` call it."""

from __future__ import annotations

import os
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import output
from ..errors import GreenstatusError, StorageError, UsageError
from ..i18n import _

if TYPE_CHECKING:
    from ..api import Upload
    from ..compose import PreparedMedia
    from ..config import Settings
    from ..rules.files import FileStamp
    from ..store import Entry


def upload_from_settings(
    settings: Settings,
    path: str,
    size: int,
    content_type: str,
    file_name: str,
    *,
    timeout: float | None,
    retries: int,
    verbose: bool = False,
    progress: bool = False,
    known: tuple[str, FileStamp] | None = None,
) -> Upload:
    """Upload `path` to the media host the settings name and return its urlFile and hash.

    An upload posts nothing, so every failure of it is marked as one that sent nothing: the
    journal may keep the entry for a later flush.
    """
    from .. import api
    from ..rules.media import header_file_name

    seconds = settings.timeout(timeout)
    try:
        host = api.Instance.for_settings(settings, media=True)
        bar = output.upload_progress(file_name, size) if progress else nullcontext(None)
        with bar as on_bytes:
            return api.upload_file(
                host,
                path,
                size,
                content_type,
                header_file_name(file_name),
                timeout=seconds,
                retries=retries,
                log=output.err if verbose else None,
                progress=on_bytes,
                known=known,
            )
    except GreenstatusError as exc:
        exc.nothing_sent = True
        raise


def hash_while_loading(prepared: PreparedMedia) -> None:
    """Start the duplicate guard's hash of a post's local file on a thread, and meanwhile load
    what the post runs next in any case: the journal's modules and the upload's HTTP stack
    (requests: 70 to 90 ms of CPU here, more than hashing 50 MiB). The guard needs the digest
    before the upload may start, the upload needs the stack, and on two cores neither waits
    for the other. A URL (nothing to hash or upload) loads nothing here."""
    if prepared.path is None or prepared.url_file is not None:
        return
    prepared.hash_ahead()
    from .. import store  # noqa: F401
    from ..api import upload  # noqa: F401


def upload_prepared(
    settings: Settings,
    prepared: PreparedMedia,
    *,
    timeout: float | None = None,
    retries: int = 3,
    verbose: bool = False,
) -> None:
    """Upload a post's local file once and keep its urlFile (valid 15 days) on `prepared`,
    with a progress bar on a terminal."""
    if prepared.path is None or prepared.url_file is not None:
        return
    assert prepared.size is not None
    # The guard hashed the file already: a settled stamp spares the upload a second pass.
    stamp, sha256 = prepared.file_stamp, prepared.file_sha256
    upload = upload_from_settings(
        settings,
        prepared.path,
        prepared.size,
        prepared.content_type,
        prepared.file_name,
        timeout=timeout,
        retries=retries,
        verbose=verbose,
        progress=True,
        known=(sha256, stamp) if sha256 is not None and stamp is not None else None,
    )
    if prepared.file_sha256 not in (None, upload.sha256):
        changed = UsageError(
            _("{path} changed after it was checked; nothing was posted", path=prepared.path)
        )
        changed.nothing_sent = True
        raise changed
    prepared.file_sha256 = upload.sha256
    prepared.url_file = upload.url_file


def upload_kept_copy(
    settings: Settings, entry: Entry, *, timeout: float | None, retries: int
) -> dict[str, Any]:
    """The request body of an outbox entry kept with a copy of its file and no urlFile yet,
    after uploading that copy. A copy that cannot be sent makes the entry Unsendable."""
    from .. import config, store
    from ..rules import media

    body = entry.request_body()
    assert entry.file_copy is not None
    try:
        _kind, content_type, _name = media.file_type(
            entry.file_name or entry.file_copy,
            "--voice" if entry.kind == "voice" else "--media",
        )
    except GreenstatusError as exc:
        raise store.Unsendable(
            _("its kept file cannot be sent: {message}", message=exc.message)
        ) from None
    try:
        size = os.path.getsize(entry.file_copy)
        config.private(Path(entry.file_copy))
    except FileNotFoundError:
        raise store.Unsendable(
            _(
                "the kept copy of {name} is gone ({path})",
                name=entry.file_name,
                path=entry.file_copy,
            )
        ) from None
    except OSError as exc:
        raise _unreadable_copy(entry, exc, gone=False) from None
    try:
        upload = upload_from_settings(
            settings,
            entry.file_copy,
            size,
            content_type,
            entry.file_name or os.path.basename(entry.file_copy),
            timeout=timeout,
            retries=retries,
        )
    except OSError as exc:
        raise _unreadable_copy(entry, exc, gone=True) from None
    body["urlFile"] = upload.url_file
    return body


def _unreadable_copy(entry: Entry, exc: OSError, *, gone: bool) -> StorageError:
    """A kept copy that failed as it was checked (`gone`: as it was uploaded): nothing was
    sent, so the entry stays for a later flush."""
    name, reason = entry.file_name, exc.strerror or exc
    if gone:
        message = _("the kept copy of {name} is gone ({reason})", name=name, reason=reason)
    else:
        message = _("the kept copy of {name} cannot be read ({reason})", name=name, reason=reason)
    error = StorageError(message)
    error.nothing_sent = True
    return error
