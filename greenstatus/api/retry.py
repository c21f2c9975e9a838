"""THE retry loop, for sends and uploads alike: backoff, waits, and Ctrl-C between attempts."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from ..errors import GreenstatusError, Interrupted
from ..i18n import _

Log = Callable[[str], None]
T = TypeVar("T")

BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0


class _Retry(Exception):
    """One attempt failed in a way that cannot have queued the status; try again."""

    def __init__(self, error: GreenstatusError, wait: float | None = None) -> None:
        self.error = error
        self.wait = wait


def _backoff(attempt: int) -> float:
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt)
    return float(ceiling / 2 + random.uniform(0, ceiling / 2))


def _pause(emit: Log, error: GreenstatusError, wait: float, maybe: str) -> None:
    """Wait before the next attempt; Ctrl-C then says what the earlier attempts left behind."""
    emit(_("  {message}; retrying in {wait} s", message=error.message, wait=f"{wait:.1f}"))
    try:
        time.sleep(wait)
    except KeyboardInterrupt:
        stopped = Interrupted(
            _(
                "interrupted while waiting to retry; {maybe} ({message})",
                maybe=maybe or _("nothing was queued"),
                message=error.message,
            )
        )
        stopped.nothing_sent = not maybe
        raise stopped from None


def attempts(
    retries: int,
    once: Callable[[int], T],
    pause: Callable[[GreenstatusError, float], None],
    give_up: Callable[[GreenstatusError], GreenstatusError] = lambda error: error,
) -> T:
    """Run once(attempt) until it returns, retrying each _Retry it raises after a pause.

    The last _Retry's error is raised as give_up makes it; any other exception ends the loop.
    """
    for attempt in range(retries + 1):
        try:
            return once(attempt)
        except _Retry as retry:
            if attempt == retries:
                raise give_up(retry.error) from None
            pause(retry.error, retry.wait if retry.wait is not None else _backoff(attempt))
    raise AssertionError("unreachable")  # pragma: no cover
