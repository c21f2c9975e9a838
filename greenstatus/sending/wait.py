"""`post --wait`: from queued to sent (or delivered, or read), read from GREEN-API's journal.

Nothing here sends a status: once GREEN-API queued it, every way out of the wait says it is
queued, so a wrapper that retries on a non-zero exit knows not to post it again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .. import output
from ..errors import (
    DataRefusedError,
    ExitCode,
    GreenstatusError,
    Interrupted,
    NotYetError,
    StorageError,
    UsageError,
)
from ..i18n import _

if TYPE_CHECKING:
    from ..config import Settings

# At most one getOutgoingStatuses every this many seconds (GREEN-API allows 1 a second).
POLL_EVERY = 2.0
DEFAULT_TIMEOUT = 120.0


def waiter(
    settings: Settings,
    state: str | None,
    timeout: float | None,
    conflicts: dict[str, bool],
    request: dict[str, Any],
) -> Waiter | None:
    """The wait `post` asked for (None without --wait); UsageError for --wait with --at, --in
    or --dry-run (`conflicts`: option name -> given), or --wait-timeout alone."""
    if state is None:
        if timeout is not None:
            raise UsageError(_("--wait-timeout needs --wait"))
        return None
    given = [name for name, present in conflicts.items() if present]
    if given:
        raise UsageError(
            _("--wait cannot be used with {option}: nothing is queued now", option=given[0])
        )
    return Waiter(settings, state, DEFAULT_TIMEOUT if timeout is None else timeout, request)


class Waiter:
    """One wait for one idMessage; `request` holds the timeout, retries and -v's log."""

    def __init__(
        self, settings: Settings, state: str, timeout: float, request: dict[str, Any]
    ) -> None:
        from .. import api

        self.settings = settings
        self.state = state
        self.timeout = timeout
        self.request = request
        self.instance = api.Instance.for_settings(settings)
        self.as_json = False

    def check(self) -> None:
        """Before sending: exit 78 when outgoingWebhook is off (the journal --wait reads
        stays empty without it); nothing is sent then."""
        from .settle import webhook_off

        if (refused := webhook_off(self.instance, self.request)) is not None:
            raise refused

    def follow(self, id_message: str, queued_at: float | None = None) -> None:
        """Poll until the status reaches the state; NotYetError (8) when time runs out,
        Interrupted (130) on Ctrl-C, both saying it is queued; DataRefusedError (65) at once
        when GREEN-API reports a state it will never show (failed, deleted...). queued_at:
        when GREEN-API queued it (seconds since the epoch), for the window of the journal read."""
        from .. import api

        poll = _Poll(self, id_message, queued_at or time.time())
        stopped: list[int] = []
        try:
            with _signals_interrupt(stopped):
                # Ctrl-C was held from the queueing on (a post's outcome is final): it works
                # again, and one pressed meanwhile is raised now.
                api.release_interrupts()
                with output.wait_progress(id_message, self.state) as show:
                    poll.run(show)
        except KeyboardInterrupt:
            raise _stopped(poll, stopped) from None
        finally:
            poll.close()
        try:
            output.wait_reached(poll.result(), as_json=self.as_json)
            output.flush_stdout()
        except (Exception, KeyboardInterrupt) as exc:
            # It is queued and got there: exit 0 whatever stdout or Ctrl-C does now, or a
            # wrapper that retries on non-zero posts it again.
            output.queued_on_stderr(poll.result(), exc)


@contextmanager
def _signals_interrupt(stopped: list[int]) -> Iterator[None]:
    """SIGTERM and SIGHUP (a `timeout` wrapper, a closed terminal) end the wait as Ctrl-C
    does, noted in `stopped`, instead of killing it silently: the status is queued, and
    the wrapper must hear so. The handlers before are back afterwards."""
    import signal
    import threading

    def stop(signum: int, _frame: object) -> None:
        stopped.append(signum)
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def _stopped(poll: _Poll, stopped: list[int]) -> Interrupted:
    """The error of a wait ended by Ctrl-C (130) or by the signal in `stopped` (128 + its
    number); each says the status is queued, and --json gets the wait's result."""
    import signal

    if stopped:
        error = Interrupted(
            _(
                "{name} while waiting; status {id} is queued (last state: {state}); "
                "do not post it again",
                name=signal.Signals(stopped[0]).name,
                id=poll.id_message,
                state=poll.seen,
            )
        )
        error.exit_code = ExitCode(128 + stopped[0])
    else:
        error = Interrupted(
            _(
                "interrupted while waiting; status {id} is queued (last state: {state}); "
                "do not post it again",
                id=poll.id_message,
                state=poll.seen,
            )
        )
    error.result = poll.result()
    return error


class _Poll:
    """The polling of one wait: the last state seen, the journal entry kept up to date."""

    def __init__(self, wait: Waiter, id_message: str, queued_at: float) -> None:
        self.wait = wait
        self.id_message = id_message
        self.queued_at = queued_at
        self.started = time.monotonic()
        self.seen = "pending"
        self.journal: Any = None
        self.warned: set[str] = set()

    def waited(self) -> float:
        return round(time.monotonic() - self.started, 1)

    def result(self) -> dict[str, Any]:
        return {"idMessage": self.id_message, "state": self.seen, "waited": self.waited()}

    def run(self, show: Any) -> None:
        from ..rules.settle import reached

        deadline = self.started + self.wait.timeout
        while True:
            polled = time.monotonic()
            self._poll_once(deadline - polled)
            show(self.seen)
            if reached(self.seen, self.wait.state):
                return
            left = deadline - time.monotonic()
            if left <= 0:
                error = NotYetError(
                    _(
                        "queued, not yet {state} after {seconds} s (last state: {seen}); "
                        "do not post it again",
                        state=self.wait.state,
                        seconds=f"{self.wait.timeout:g}",
                        seen=self.seen,
                    )
                )
                error.result = self.result()
                raise error
            time.sleep(min(max(polled + POLL_EVERY - time.monotonic(), 0.0), left))

    def _poll_once(self, left: float) -> None:
        """One read of the journal; a failure (network, 429, 5xx, 401, 403) is warned about
        once and the wait goes on: the status is queued whatever the polling meets."""
        from .. import api
        from ..rules.settle import furthest, minutes_to_cover, not_shown

        if left <= 0.1:
            return
        options = {**self.wait.request, "retries": 0}
        options["timeout"] = min(float(options.get("timeout") or 30.0), left)
        minutes = minutes_to_cover(time.time() - self.queued_at)
        with api.interrupts_in_finalizers() as swallowed:
            try:
                items = api.get_statuses(self.wait.instance, minutes=minutes, **options)
            except Interrupted:
                # Ctrl-C during the request: the wait ends, as it does between requests.
                raise KeyboardInterrupt from None
            except GreenstatusError as exc:
                if exc.message not in self.warned:
                    self.warned.add(exc.message)
                    output.warn(
                        _("checking the status failed: {why}; still waiting", why=exc.message)
                    )
                items = None
        if swallowed:
            raise KeyboardInterrupt  # one a finalizer swallowed ends the wait all the same
        if items is None:
            return
        for item in items:
            if isinstance(item, dict) and item.get("idMessage") == self.id_message:
                if (ended := not_shown(item)) is not None:
                    self._end(ended)
                seen = furthest(self.seen, item.get("statusMessage"))
                if seen is not None and seen != self.seen:
                    self.seen = seen
                    self._record()

    def _end(self, state: str) -> None:
        """GREEN-API will never show it (failed, deleted...): waiting longer cannot help,
        and it was queued, so the journal keeps the state and the exit is 65, not 8."""
        self.seen = state
        self._record()
        error = DataRefusedError(
            _(
                "GREEN-API reports the status {state}: it was queued but will not be shown",
                state=state,
            )
        )
        error.result = self.result()
        raise error

    def _record(self) -> None:
        """The journal entry keeps the last state seen; a journal that fails is warned about."""
        from .. import store

        id_instance = self.wait.instance.id_instance
        try:
            if self.journal is None:
                if not store.enabled(self.wait.settings):
                    return
                self.journal = store.open_journal(self.wait.settings)
            self.journal.set_delivery(id_instance, self.id_message, self.seen)
        except StorageError as exc:
            output.warn(_("{why}; the state seen is not recorded in the journal", why=exc.message))

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
