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
    # The hash under way on a thread, from hash_ahead until compute_sha256 takes its result.
    _hashing: _Hashing | None = field(default=None, init=False, repr=False, compare=False)

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

    def hash_ahead(self) -> None:
        """Start hashing the local file on a thread of its own (nothing for a URL, or when
        started or done already): the caller works on meanwhile, and compute_sha256 waits for
        the digest and raises what the thread met, as if it had hashed the file itself."""
        if self.path is not None and self.file_sha256 is None and self._hashing is None:
            self._hashing = _Hashing(self.path)

    def compute_sha256(self) -> str | None:
        """The local file's SHA-256 in one streamed pass (None for a URL); cached. Also keeps
        the file's stamp when it was settled and unchanged while hashed (else None): the
        upload then checks the stamp instead of hashing the file a second time. A file that
        cannot be read raises files.unreadable's UsageError."""
        if self.path is None or self.file_sha256 is not None:
            return self.file_sha256
        hashing, self._hashing = self._hashing, None
        try:
            sha256, stamp = hashing.result() if hashing is not None else hash_file(self.path)
        except OSError as exc:
            raise files.unreadable(self.path, exc) from None
        self.file_stamp = stamp
        self.file_sha256 = sha256
        return sha256

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


# Read and hashed this much at a time. On a thread, each block costs two takes of the GIL,
# which the main thread, busy importing, holds for up to 5 ms each (sys.getswitchinterval):
# 256 KiB blocks (hashlib.file_digest's) made a 50 MiB hash twice as slow as 8 MiB blocks,
# which cost 4 MiB more of peak memory.
HASH_BLOCK = 8 * 1024 * 1024


def hash_file(path: str) -> tuple[str, files.FileStamp | None]:
    """The file's SHA-256 (hex) in one streamed pass, HASH_BLOCK bytes at a time, and its
    stamp when it was settled and unchanged while hashed (else None). OSError when it cannot
    be opened or read."""
    import hashlib
    import os
    import time

    with open(path, "rb", buffering=0) as fh:
        now = time.time()
        before = os.fstat(fh.fileno())
        digest = hashlib.sha256()
        block = bytearray(min(HASH_BLOCK, max(before.st_size, 1)))
        view = memoryview(block)
        while size := fh.readinto(block):
            digest.update(view[:size])
        after = os.fstat(fh.fileno())
    stamp = files.file_stamp(before)
    settled = files.settled(before, now) and files.file_stamp(after) == stamp
    return digest.hexdigest(), stamp if settled else None


class _Hashing:
    """hash_file on a daemon thread: a Ctrl-C or an error exit of the main thread never
    waits for it."""

    def __init__(self, path: str) -> None:
        import threading

        self._found: tuple[str, files.FileStamp | None] | None = None
        self._error: Exception | None = None
        self._thread = threading.Thread(
            target=self._run, args=(path,), name="greenstatus-sha256", daemon=True
        )
        self._thread.start()

    def _run(self, path: str) -> None:
        try:
            self._found = hash_file(path)
        except Exception as exc:  # noqa: BLE001 - raised again in the thread that waits
            self._error = exc

    def result(self) -> tuple[str, files.FileStamp | None]:
        """What hash_file returned, once it has; what it raised, raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._found is not None
        return self._found


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
