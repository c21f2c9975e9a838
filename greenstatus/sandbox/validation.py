"""GREEN-API's validation of the send methods' bodies, with the error texts its docs give."""

from __future__ import annotations

import re
from typing import Any

FONTS = {"SERIF", "SANS_SERIF", "NORICAN_REGULAR", "BRYNDAN_WRITE", "OSWALD_HEAVY"}
FIELDS = {"message", "backgroundColor", "font", "participants"}
MEDIA_FIELDS = {"urlFile", "fileName", "caption", "participants"}
VOICE_FIELDS = {"urlFile", "fileName", "backgroundColor", "participants"}


def _units(text: str) -> int:
    """Length as GREEN-API's validator counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _bad_participants(participants: Any) -> bool:
    return participants is not None and (
        not isinstance(participants, list)
        or not all(isinstance(p, str) and re.fullmatch(r"\d+@c\.us", p) for p in participants)
    )


def _bad_color(color: Any) -> bool:
    return color is not None and not re.fullmatch(r"#[0-9A-Fa-f]{6}", str(color))


def validate_status(body: Any) -> str | None:
    """GREEN-API's validation of a sendTextStatus body, as its error texts describe it."""
    if not isinstance(body, dict):
        return "Validation failed. Details: body must be an object"
    for key in body:
        if key not in FIELDS:
            return f"Validation failed. Details: '{key}' is not allowed"
    message = body.get("message")
    if not isinstance(message, str):
        return "Validation failed. Details: 'message' is required"
    if not message:
        return "Validation failed. Details: 'message' is not allowed to be empty"
    if _units(message) > 500:
        return "Validation failed. Details: 'message' length must be less than or equal to 500"
    if _bad_color(body.get("backgroundColor")):
        return "Validation failed. Details: 'backgroundColor' must be a hex colour"
    if "font" in body and body["font"] not in FONTS:
        return "Validation failed. Details: 'font' must be one of " + ", ".join(sorted(FONTS))
    if _bad_participants(body.get("participants")):
        return "Validation failed. Details: 'participants' must be an array of chat ids"
    return None


def validate_media_status(method: str, body: Any) -> str | None:
    """GREEN-API's validation of sendMediaStatus and sendVoiceStatus bodies, per the docs."""
    if not isinstance(body, dict):
        return "Validation failed. Details: body must be an object"
    allowed = MEDIA_FIELDS if method == "sendMediaStatus" else VOICE_FIELDS
    for key in body:
        if key not in allowed:
            return f"Validation failed. Details: '{key}' is not allowed"
    url = body.get("urlFile")
    if not isinstance(url, str) or not re.match(r"https?://", url):
        return "Validation failed. Details: 'urlFile' must be a valid uri"
    name = body.get("fileName")
    if not isinstance(name, str) or not re.search(r"\.\w+$", name):
        return "Validation failed. Details: 'fileName' must contain the file extension"
    if method == "sendMediaStatus" and name.lower().endswith(".mp3"):
        return "Validation failed. Details: mp3 is not supported, use sendVoiceStatus"
    caption = body.get("caption")
    if caption is not None and (not isinstance(caption, str) or _units(caption) > 1024):
        return "Validation failed. Details: 'caption' length must be less than or equal to 1024"
    if _bad_color(body.get("backgroundColor")):
        return "Validation failed. Details: 'backgroundColor' must be a hex colour"
    if _bad_participants(body.get("participants")):
        return "Validation failed. Details: 'participants' must be an array of chat ids"
    return None
