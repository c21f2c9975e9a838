"""Stored times (ISO 8601 UTC) shown to a person in local time."""

from __future__ import annotations

import sys

from . import terminal
from .secrets import one_line


def stderr_time(moment: str) -> str:
    """A journal time in a message on stderr: local when a person reads it, else as stored."""
    return local_time(moment) if terminal.is_terminal(sys.stderr) else moment


def local_time(moment: str | float | None) -> str:
    """A journal time (ISO 8601 UTC, or seconds since the epoch) in local time, for a person
    at a terminal; as stored when it cannot be read (a row edited by hand)."""
    from datetime import UTC, datetime

    try:
        if isinstance(moment, int | float):
            when = datetime.fromtimestamp(moment, UTC)
        else:
            when = datetime.strptime(str(moment), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        return when.astimezone().strftime("%Y-%m-%d %H:%M %Z")
    except (ValueError, OverflowError, OSError):
        return one_line(str(moment))
