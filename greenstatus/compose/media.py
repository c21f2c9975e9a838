"""Compose a sendTextStatus request from the text, the options and the settings: pure rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config import Settings, mask
from ..errors import UsageError
from ..rules import colors, fonts, media, recipients, text

METHOD = "sendTextStatus"


@dataclass
class Options:
    """What the command line said about one post; None means "not given"."""

    color: str | None = None
    font: str | None = None
    to: list[str] = field(default_factory=list)
    to_file_text: str | None = None
    truncate: bool = False
    force: bool = False


@dataclass
class Prepared:
    body: dict[str, Any]
    warnings: list[str]
    contrast: float
    units: int


def participants_from(options: Options, settings: Settings, warnings: list[str]) -> list[str]:
    """The audience: --to/--to-file when given (never empty), else the profile's, else none;
    a warning over 1024 recipients goes to warnings, and over 10,000 is refused.

    Only giving neither option means "the profile's participants, else all contacts"; an
    option that names nobody is an error, because widening it would post to everyone.
    """
    if not options.to and options.to_file_text is None:
        participants = list(settings.get("participants") or [])
        origin = _origin("participants", settings)
    else:
        given = recipients.split_values(options.to)
        if options.to_file_text is not None:
            from_file = recipients.parse_lines(options.to_file_text)
            if not from_file:
                raise UsageError(f"--to-file names no recipients: {recipients.EMPTY_AUDIENCE}")
            given += from_file
        participants = recipients.normalise_all(given)
        origin = ""
    if warning := recipients.check_count(len(participants), options.force, origin):
        warnings.append(warning)
    return participants


def _origin(key: str, settings: Settings) -> str:
    """Where a profile value came from, so a failure names the key and the profile to fix."""
    return f"{key} in profile {settings.profile!r}, {settings.path}"


def prepare(raw: bytes, options: Options, settings: Settings) -> Prepared:
    """Apply every rule in the contract's order and build the exact body to send."""
    message = text.check_length(text.normalise(text.decode(raw)), options.truncate)
    warnings: list[str] = []
    background = (
        colors.parse_color(options.color)
        if options.color is not None
        else settings.get("background_color") or colors.DEFAULT_BACKGROUND
    )
    try:
        warning = colors.check_contrast(background, options.force)
    except UsageError as exc:
        if options.color is not None or not settings.get("background_color"):
            raise
        raise UsageError(f"{exc.message} (from {_origin('background_color', settings)})") from None
    if warning:
        warnings.append(warning)
    font = fonts.parse_font(options.font) if options.font is not None else settings.get("font")
    if warning := fonts.font_warning(font, message):
        warnings.append(warning)
    body: dict[str, Any] = {"message": message, "backgroundColor": background}
    if font:
        body["font"] = font
    participants = participants_from(options, settings, warnings)
    if participants:
        body["participants"] = participants
    return Prepared(
        body, warnings, colors.contrast_with_white(background), text.utf16_units(message)
    )


def shown_url(settings: Settings) -> str:
    """The request URL as it may be shown: token masked, placeholders for what is missing."""
    api_url = settings.get("api_url")
    instance = settings.get("id_instance") or "{idInstance}"
    token = settings.get("api_token_instance")
    shown_token = mask(token) if token else "{apiTokenInstance}"
    return f"{api_url}/waInstance{instance}/{METHOD}/{shown_token}"


def describe(prepared: Prepared, settings: Settings) -> tuple[dict[str, Any], dict[str, Any]]:
    """The dry-run request ({method, url, body}) and the facts a preview shows."""
    request = {"method": "POST", "url": shown_url(settings), "body": prepared.body}
    preview = {
        "message": prepared.body["message"],
        "background": prepared.body["backgroundColor"],
        "contrast": prepared.contrast,
        "verdict": colors.contrast_verdict(prepared.contrast),
        "font": prepared.body.get("font"),
        "participants": prepared.body.get("participants", []),
        "units": prepared.units,
    }
    return request, preview


# --- media and voice statuses --------------------------------------------------------------------

FROM_UPLOAD = "<from upload>"
UPLOAD_METHOD = "uploadFile"


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
        """The local file's SHA-256 in one streamed pass (None for a URL); cached."""
        if self.path is None or self.file_sha256 is not None:
            return self.file_sha256
        import hashlib

        digest = hashlib.sha256()
        try:
            with open(self.path, "rb") as fh:
                while chunk := fh.read(1024 * 1024):
                    digest.update(chunk)
        except OSError as exc:
            raise UsageError(
                f"cannot read {self.path}: {exc.strerror or exc}; nothing was posted"
            ) from None
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
        raise UsageError(f"--font is for text statuses; {option} takes no font")
    if option == "--media" and options.color is not None:
        raise UsageError("--color is for text and voice statuses; --media takes no background")
    if option == "--voice" and has_text:
        raise UsageError(
            "a voice status has no caption or text; leave out TEXT and --file "
            "(use --media for a captioned picture or video)"
        )


def caption_from(raw: bytes, allow_truncate: bool) -> str:
    """A caption under the status text rules, with GREEN-API's 1024-unit caption limit."""
    cleaned = text.normalise(text.decode(raw), what="caption")
    return text.check_length(cleaned, allow_truncate, limit=media.MAX_CAPTION_UNITS, what="caption")


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
    name = media.file_name_from_url(target) if url else _base_name(target)
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
        prepared.background = (
            colors.parse_color(options.color)
            if options.color is not None
            else settings.get("background_color") or colors.DEFAULT_BACKGROUND
        )
        if warning := colors.check_contrast(prepared.background, options.force):
            prepared.warnings.append(warning)
    elif raw_caption is not None:
        prepared.caption = caption_from(raw_caption, options.truncate)
    return prepared


def _base_name(path: str) -> str:
    import os.path

    return os.path.basename(path.rstrip("/"))


def shown_method_url(base: str, method: str, settings: Settings) -> str:
    """A request URL as it may be shown: token masked, placeholders for what is missing."""
    instance = settings.get("id_instance") or "{idInstance}"
    token = settings.get("api_token_instance")
    shown_token = mask(token) if token else "{apiTokenInstance}"
    return f"{base}/waInstance{instance}/{method}/{shown_token}"


def describe_media(prepared: PreparedMedia, settings: Settings) -> dict[str, Any]:
    """The dry-run description: the upload (for a local file), then the send, in that order."""
    description: dict[str, Any] = {}
    if prepared.path is not None:
        description["upload"] = {
            "method": "POST",
            "url": shown_method_url(
                settings.get("media_url") or "{mediaUrl}", UPLOAD_METHOD, settings
            ),
            "headers": {
                "Content-Type": prepared.content_type,
                "GA-Filename": media.header_file_name(prepared.file_name),
            },
            # A path's bytes that are not UTF-8 would make the --json description invalid JSON.
            "file": prepared.path.encode("utf-8", "surrogateescape").decode("utf-8", "replace"),
            "size": prepared.size,
        }
    description.update(
        method="POST",
        url=shown_method_url(settings.get("api_url"), prepared.method, settings),
        body=prepared.body(),
    )
    return description
