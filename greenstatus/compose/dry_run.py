"""Dry runs: the requests a post would make, token masked, and the facts a preview shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..config import mask
from ..rules import colors, media
from ..rules.urls import method_url

if TYPE_CHECKING:
    from ..config import Settings
    from .media import PreparedMedia
    from .text import Prepared

METHOD = "sendTextStatus"
UPLOAD_METHOD = "uploadFile"


def shown_url(settings: Settings) -> str:
    """The sendTextStatus URL as it may be shown."""
    return shown_method_url(settings.get("api_url"), METHOD, settings)


def shown_method_url(base: str, method: str, settings: Settings) -> str:
    """A request URL as it may be shown: token masked, placeholders for what is missing."""
    instance = settings.get("id_instance") or "{idInstance}"
    token = settings.get("api_token_instance")
    shown_token = mask(token) if token else "{apiTokenInstance}"
    return method_url(base, instance, method, shown_token)


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
