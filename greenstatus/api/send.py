"""Queue a status, and hold Ctrl-C once GREEN-API has queued it."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import Interrupted, TemporaryError
from ..i18n import _
from .answers import MAYBE_QUEUED
from .exchange import call
from .instance import Instance


def send_text_status(instance: Instance, body: dict[str, Any], **options: Any) -> dict[str, Any]:
    """Queue a text status; the answer must carry an idMessage."""
    return send_status(instance, "sendTextStatus", body, **options)


def send_status(
    instance: Instance, api_method: str, body: dict[str, Any], **options: Any
) -> dict[str, Any]:
    """Queue a status with one of the send methods; the answer must carry an idMessage."""
    try:
        with interrupts_in_finalizers() as swallowed:
            answer = call(instance, api_method, body=body, **options)
        if not isinstance(answer.get("idMessage"), str) or not answer["idMessage"].strip():
            shown = instance.shown(json.dumps(answer, ensure_ascii=False), 200)
            raise TemporaryError(
                _(
                    "GREEN-API answered 200 without an idMessage ({shown}); {maybe}",
                    shown=shown,
                    maybe=MAYBE_QUEUED,
                ),
                http_status=200,
            )
        hold_interrupts()
        _held.extend(swallowed)
    except KeyboardInterrupt:
        raise Interrupted(
            _("interrupted while the request was in flight; {maybe}", maybe=MAYBE_QUEUED)
        ) from None
    return answer


_held: list[int] = []


@contextmanager
def interrupts_in_finalizers() -> Iterator[list[int]]:
    """Ctrl-C (or a signal whose handler raises it) that lands in a finalizer (urllib3 closes a
    pool's connections from one as a request ends) is swallowed by Python, which prints
    "Exception ignored" with a traceback. Kept here instead, in the list this yields: once a
    send's answer is in, it counts as held; a poll raises it after the request."""
    import signal

    swallowed: list[int] = []
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            swallowed.append(signal.SIGINT)
        else:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield swallowed
    finally:
        sys.unraisablehook = previous


def _hold(_signum: int, _frame: object) -> None:
    _held.append(_signum)


def hold_interrupts() -> None:
    """GREEN-API queued the status: its outcome is final, so from here a Ctrl-C is kept rather
    than raised, until release_interrupts() (a flush, between entries) or the exit (a post).

    A Ctrl-C that came before raises here, out of signal.signal, while it still counts as
    in flight.
    """
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _hold)


def release_interrupts() -> None:
    """Ctrl-C works again; one that came while it was held is raised now."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if _held:
        _held.clear()
        raise KeyboardInterrupt
