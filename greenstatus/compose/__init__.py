"""Compose the exact request bodies (text, media, voice) and the dry-run description: pure rules.

`compose.name` finds the module that owns `name`, loaded on first use, so a text post loads
`text` alone; `dry_run` loads for a dry run, `media` and `inputs` for --media/--voice.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dry_run import METHOD as METHOD
    from .dry_run import UPLOAD_METHOD as UPLOAD_METHOD
    from .dry_run import describe as describe
    from .dry_run import describe_media as describe_media
    from .dry_run import shown_method_url as shown_method_url
    from .dry_run import shown_url as shown_url
    from .media import FROM_UPLOAD as FROM_UPLOAD
    from .media import PreparedMedia as PreparedMedia
    from .media import caption_from as caption_from
    from .media import check_media_options as check_media_options
    from .media import prepare_media as prepare_media
    from .text import Options as Options
    from .text import Prepared as Prepared
    from .text import participants_from as participants_from
    from .text import prepare as prepare

_HOME = {
    "METHOD": "dry_run",
    "UPLOAD_METHOD": "dry_run",
    "describe": "dry_run",
    "describe_media": "dry_run",
    "shown_method_url": "dry_run",
    "shown_url": "dry_run",
    "FROM_UPLOAD": "media",
    "PreparedMedia": "media",
    "caption_from": "media",
    "check_media_options": "media",
    "prepare_media": "media",
    "Options": "text",
    "Prepared": "text",
    "participants_from": "text",
    "prepare": "text",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
