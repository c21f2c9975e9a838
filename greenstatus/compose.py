"""Compose a sendTextStatus request from the text, the options and the settings: pure rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .config import Settings, mask
from .errors import UsageError
from .rules import colors, fonts, recipients, text

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


def participants_from(options: Options, settings: Settings) -> list[str]:
    """The audience: --to/--to-file when given (never empty), else the profile's, else none.

    Only giving neither option means "the profile's participants, else all contacts"; an
    option that names nobody is an error, because widening it would post to everyone.
    """
    if not options.to and options.to_file_text is None:
        return list(settings.get("participants") or [])
    given = recipients.split_values(options.to)
    if options.to_file_text is not None:
        from_file = recipients.parse_lines(options.to_file_text)
        if not from_file:
            raise UsageError(f"--to-file names no recipients: {recipients.EMPTY_AUDIENCE}")
        given += from_file
    return recipients.normalise_all(given)


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
    participants = participants_from(options, settings)
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
