"""Where the journal lives, and whether a profile keeps one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import JOURNAL_DEFAULTS as DEFAULTS

if TYPE_CHECKING:
    from ..config import Settings

STATE_ENV = "GREENSTATUS_STATE_DIR"
JOURNAL_ENV = "GREENSTATUS_JOURNAL"
FILE_NAME = "journal.sqlite3"
# Kept media copies live beside the journal, so one folder holds all a flush needs.
FILES = "files"


def setting(settings: Settings, key: str) -> Any:
    value = settings.get(key)
    return DEFAULTS[key] if value is None else value


def enabled(settings: Settings) -> bool:
    """False when `journal = false` in the profile or GREENSTATUS_JOURNAL=off."""
    env = os.environ.get(JOURNAL_ENV, "").strip().lower()
    if env in ("off", "0", "false", "no"):
        return False
    return bool(setting(settings, "journal"))


def state_dir() -> Path:
    """$GREENSTATUS_STATE_DIR, else the platform's state folder."""
    chosen = os.environ.get(STATE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return platformdirs.user_state_path("greenstatus")


def journal_path() -> Path:
    return state_dir() / FILE_NAME
