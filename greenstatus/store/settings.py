"""Where the journal lives, and whether a profile keeps one."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ..config import JOURNAL_DEFAULTS as DEFAULTS

# Every path is config's (config/paths.py); the journal's names for them are kept here.
from ..config.paths import COPIES as FILES
from ..config.paths import JOURNAL_FILE as FILE_NAME
from ..config.paths import STATE_ENV, state_dir
from ..config.paths import journal_file as journal_path

if TYPE_CHECKING:
    from ..config import Settings

__all__ = [
    "FILES",
    "FILE_NAME",
    "JOURNAL_ENV",
    "STATE_ENV",
    "enabled",
    "journal_path",
    "setting",
    "state_dir",
]

JOURNAL_ENV = "GREENSTATUS_JOURNAL"


def setting(settings: Settings, key: str) -> Any:
    value = settings.get(key)
    return DEFAULTS[key] if value is None else value


def enabled(settings: Settings) -> bool:
    """False when `journal = false` in the profile or GREENSTATUS_JOURNAL=off."""
    env = os.environ.get(JOURNAL_ENV, "").strip().lower()
    if env in ("off", "0", "false", "no"):
        return False
    return bool(setting(settings, "journal"))
