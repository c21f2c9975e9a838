"""Compose a sendTextStatus request from the text, the options and the settings: pure rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .config import Settings, mask
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
    given = recipients.split_values(options.to)
    if options.to_file_text is not None:
        given += recipients.parse_lines(options.to_file_text)
    if options.to or options.to_file_text is not None:
        return recipients.normalise_all(given)
    return list(settings.get("participants") or [])


def prepare(raw: bytes, options: Options, settings: Settings) -> Prepared:
    """Apply every rule in the contract's order and build the exact body to send."""
    message = text.check_length(text.normalise(text.decode(raw)), options.truncate)
    warnings: list[str] = []
    background = (
        colors.parse_color(options.color)
        if options.color is not None
        else settings.get("background_color") or colors.DEFAULT_BACKGROUND
    )
    if warning := colors.check_contrast(background, options.force):
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
