"""The media and voice status: every rule a file or URL must pass, and the body to send."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..i18n import _
from ..rules import colors, files, media, text
from .text import background_from, participants_from

if TYPE_CHECKING:
    from ..config import Settings
    from .text import Options

FROM_UPLOAD = "<from upload>"


@dataclass
class PreparedMedia:
    """One image, video or voice status, checked and ready: the send body lacks only urlFile
    when a local file must be uploaded first. The journal reads kind, method, file_sha256,
    file_name, url, url_file and fingerprint() from here."""

    kind: str
    method: str
    file_name: str
    content_type: str
    path: str | None = None
    url: str | None = None
    size: int | None = None
    caption: str | None = None
    background: str | None = None
    participants: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    file_sha256: str | None = None
    url_file: str | None = None
    # Set with file_sha256 when the file's status can vouch for its bytes (rules/files).
    file_stamp: files.FileStamp | None = None

    def __post_init__(self) -> None:
        if self.url is not None and self.url_file is None:
            self.url_file = self.url

    def body(self, url_file: str | None = None) -> dict[str, Any]:
        """The exact send body; urlFile is the upload's answer, the URL, or a placeholder."""
        body: dict[str, Any] = {
            "urlFile": url_file or self.url_file or FROM_UPLOAD,
            "fileName": self.file_name,
        }
        if self.caption is not None:
            body["caption"] = self.caption
        if self.background is not None:
            body["backgroundColor"] = self.background
        if self.participants:
            body["participants"] = list(self.participants)
        return body

    def compute_sha256(self) -> str | None:
        """The local file's SHA-256 in one streamed pass (None for a URL); cached. Also keeps
        the file's stamp when it was settled and unchanged while hashed (else None): the
        upload then checks the stamp instead of hashing the file a second time."""
        if self.path is None or self.file_sha256 is not None:
            return self.file_sha256
        import hashlib
        import os
        import time

        try:
            with open(self.path, "rb") as fh:
                now = time.time()
                before = os.fstat(fh.fileno())
                digest = hashlib.file_digest(fh, "sha256")
                after = os.fstat(fh.fileno())
        except OSError as exc:
            raise files.unreadable(self.path, exc) from None
        stamp = files.file_stamp(before)
        if files.settled(before, now) and files.file_stamp(after) == stamp:
            self.file_stamp = stamp
        self.file_sha256 = digest.hexdigest()
        return self.file_sha256

    def fingerprint(self) -> str:
        """Canonical JSON of what makes two posts the same status: the file (by SHA-256) or
        the URL, the caption, the colour and the audience (as a set)."""
        import json

        data: dict[str, Any] = {
            "kind": self.kind,
            "caption": self.caption,
            "backgroundColor": self.background,
            "participants": sorted(self.participants),
        }
        if self.path is not None:
            data["sha256"] = self.compute_sha256()
        else:
            data["url"] = self.url
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def check_media_options(option: str, options: Options, has_text: bool) -> None:
    """Refuse what a media or voice status cannot carry, before any file or stdin is read."""
    if options.font is not None:
        raise UsageError(_("--font is for text statuses; {option} takes no font", option=option))
    if option == "--media" and options.color is not None:
        raise UsageError(_("--color is for text and voice statuses; --media takes no background"))
    if option == "--voice" and has_text:
        raise UsageError(
            _(
                "a voice status has no caption or text; leave out TEXT and --file "
                "(use --media for a captioned picture or video)"
            )
        )


def caption_from(raw: bytes, allow_truncate: bool) -> str:
    """A caption under the status text rules, with GREEN-API's 1024-unit caption limit."""
    cleaned = text.normalise(text.decode(raw), what=_("caption"))
    return text.check_length(
        cleaned, allow_truncate, limit=media.MAX_CAPTION_UNITS, what=_("caption")
    )


def prepare_media(
    option: str,
    target: str,
    raw_caption: bytes | None,
    options: Options,
    settings: Settings,
    file_size: int | None = None,
) -> PreparedMedia:
    """Apply the media rules and build the send body; file_size is the local file's size
    (None for a URL), measured by the caller."""
    check_media_options(option, options, has_text=False)
    url = media.check_url(target) if media.is_url(target) else None
    name = media.file_name_from_url(target) if url else base_name(target)
    kind, content_type, _ = media.file_type(name, option)
    name = media.safe_file_name(name)
    if url is None:
        media.check_size(file_size or 0, target)
    prepared = PreparedMedia(
        kind=kind,
        method=media.METHODS[kind],
        file_name=name,
        content_type=content_type,
        path=None if url else target,
        url=url,
        size=None if url else file_size,
    )
    prepared.participants = participants_from(options, settings, prepared.warnings)
    if option == "--voice":
        prepared.background = background_from(options, settings)
        if warning := colors.check_contrast(prepared.background, options.force):
            prepared.warnings.append(warning)
    elif raw_caption is not None:
        prepared.caption = caption_from(raw_caption, options.truncate)
    return prepared


def base_name(path: str) -> str:
    import os.path

    return os.path.basename(path.rstrip("/"))
