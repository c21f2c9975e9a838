"""Compose the exact request bodies (text, media, voice) and the dry-run description: pure rules."""

from .media import (
    FROM_UPLOAD,
    METHOD,
    UPLOAD_METHOD,
    Options,
    Prepared,
    PreparedMedia,
    caption_from,
    check_media_options,
    describe,
    describe_media,
    participants_from,
    prepare,
    prepare_media,
    shown_method_url,
    shown_url,
)

__all__ = [
    "FROM_UPLOAD",
    "METHOD",
    "UPLOAD_METHOD",
    "Options",
    "Prepared",
    "PreparedMedia",
    "caption_from",
    "check_media_options",
    "describe",
    "describe_media",
    "participants_from",
    "prepare",
    "prepare_media",
    "shown_method_url",
    "shown_url",
]
