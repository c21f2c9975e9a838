"""The local journal's public names, so callers write `store.open_journal`, `store.Entry`."""

from .copies import keep_file
from .db import BUSY_TIMEOUT
from .entries import Added, Entry, NewEntry, Unsendable, body_text, fingerprint
from .journal import Journal, open_journal
from .migrations import SCHEMA_VERSION
from .sends import POLL, SEND_RATE, SEND_SPAN, STALE_GRACE
from .settings import (
    FILE_NAME,
    FILES,
    JOURNAL_ENV,
    STATE_ENV,
    enabled,
    journal_path,
    setting,
    state_dir,
)
from .times import iso, parse_iso, utcnow

__all__ = [
    "BUSY_TIMEOUT",
    "FILE_NAME",
    "FILES",
    "JOURNAL_ENV",
    "POLL",
    "SCHEMA_VERSION",
    "SEND_RATE",
    "SEND_SPAN",
    "STALE_GRACE",
    "STATE_ENV",
    "Added",
    "Entry",
    "Journal",
    "NewEntry",
    "Unsendable",
    "body_text",
    "enabled",
    "fingerprint",
    "iso",
    "journal_path",
    "keep_file",
    "open_journal",
    "parse_iso",
    "setting",
    "state_dir",
    "utcnow",
]
