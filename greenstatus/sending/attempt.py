"""THE send of one journaled status and its outcome recorded: `post` and `outbox flush` call it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .. import output
from ..errors import (
    DataRefusedError,
    GreenstatusError,
    Interrupted,
    PermissionRefusedError,
    StorageError,
    UnavailableError,
)
from ..i18n import _

if TYPE_CHECKING:
    from ..api import Instance
    from ..store import Journal

T = TypeVar("T")


def outcome_state(exc: GreenstatusError, outbox: bool) -> str:
    """The journal state a failed send leaves behind."""
    refusal = isinstance(exc, DataRefusedError | UnavailableError | PermissionRefusedError)
    # A proxy's 407 is no answer from GREEN-API: nothing reached it, and a flush after the
    # proxy's password is fixed must still send the entry.
    if refusal and exc.http_status != 407:
        return "refused"
    if exc.nothing_sent:
        # Without the outbox nothing will send it later; `dropped` keeps it out of the guard,
        # so a retry by the caller posts it.
        return "pending" if outbox else "dropped"
    return "unknown"


class Recorder:
    """Journal calls once the entry exists. `post` is lenient: a failure warns once and never
    stops a status from going out, nor turns a queued status into an error. A flush is strict:
    the failure is its error."""

    def __init__(self, journal: Journal | None, *, lenient: bool) -> None:
        self.journal = journal
        self.lenient = lenient

    def __call__(self, action: Callable[[Journal], T]) -> T | None:
        if self.journal is None:
            return None
        if not self.lenient:
            return action(self.journal)
        try:
            return action(self.journal)
        except StorageError as exc:
            output.warn(
                _("{message}; the outcome is not recorded in the journal", message=exc.message)
            )
            self.journal.close()
            self.journal = None
            return None


def record_unsendable(
    record: Recorder, entry_id: int, exc: GreenstatusError, copy: str | None
) -> None:
    """An entry that can never be sent becomes `failed`, and its kept copy goes."""
    error = output.scrub(exc.message)[:1000]
    record(lambda j: j.finish(entry_id, "failed", error=error, attempted=False))
    if copy:
        record(lambda j: j.release_file(copy))


class Attempt:
    """One send of one journal entry (or of a post with no journal: entry_id None).

    The two callers differ only in what the entry is. A post is being made now: a Ctrl-C
    before any request cancels it (`dropped`), and its entry was written a moment ago. An
    outbox entry (`from_outbox`) waited in the journal: such a Ctrl-C leaves it `pending` for
    the next flush, and each attempt keeps the pace shared by every process and says the
    entry is alive.
    """

    def __init__(
        self,
        record: Recorder,
        entry_id: int | None,
        instance: Instance,
        method: str,
        *,
        timeout: float,
        retries: int,
        outbox: bool,
        from_outbox: bool = False,
    ) -> None:
        self.record = record
        self.entry_id = entry_id
        self.instance = instance
        self.method = method
        self.timeout = timeout
        self.retries = retries
        self.outbox = outbox
        self.from_outbox = from_outbox
        self.started = False
        # The state a failure left the entry in, once recorded.
        self.state: str | None = None
        self.log: Callable[[str], None] | None = None
        self.session: Any = None
        # The media copy a flush sent from: released once the entry is queued.
        self.kept_copy: str | None = None

    def send(self, body_of: Callable[[], dict[str, Any]], uploads: bool = False) -> dict[str, Any]:
        """Build the body (`uploads`: by an upload, whose urlFile is recorded), send it, and
        return GREEN-API's answer; a failure is recorded with the state it leaves, then raised."""
        from .. import api

        try:
            body = body_of()
            if uploads:
                self._record_media(body)
            return api.send_status(
                self.instance,
                self.method,
                body,
                timeout=self.timeout,
                retries=self.retries,
                log=self.log,
                session=self.session,
                before_attempt=self._before_attempt,
            )
        except GreenstatusError as exc:
            self._record_failure(exc)
            raise
        except KeyboardInterrupt:
            state = "unknown" if self.started else self._cancelled()
            self._finish(state, error="interrupted", attempted=self.started)
            raise
        except Exception as exc:
            if not self.from_outbox:
                error = output.scrub(f"unexpected error: {type(exc).__name__}: {exc}")[:1000]
                self._finish("unknown", error=error)
            raise

    def record_queued(self, answer: dict[str, Any]) -> str:
        """GREEN-API queued it: record that, and return its idMessage. A journal that fails
        now is warned about, never an error: the status went out."""
        id_message = str(answer["idMessage"])
        try:
            self._finish("queued", id_message=id_message, http_status=200)
            if self.kept_copy:
                copy = self.kept_copy
                self.record(lambda j: j.release_file(copy))
        except StorageError as exc:
            # Left `sending`, it becomes unknown later and is never sent again.
            output.warn(
                _(
                    "{message}; outbox entry {id} was queued all the same",
                    message=exc.message,
                    id=self.entry_id,
                )
            )
        return id_message

    def _cancelled(self) -> str:
        return "pending" if self.from_outbox else "dropped"

    def _before_attempt(self, attempt: int) -> None:
        self.started = True
        if self.entry_id is None:
            return
        entry_id, timeout = self.entry_id, self.timeout
        if self.from_outbox:
            id_instance = self.instance.id_instance
            self.record(lambda j: j.pace(id_instance))
        if attempt or self.from_outbox:
            self.record(lambda j: j.touch(entry_id, timeout))

    def _record_media(self, body: dict[str, Any]) -> None:
        from ..store import body_text

        if self.entry_id is not None:
            entry_id, url_file, text = self.entry_id, body.get("urlFile"), body_text(body)
            self.record(lambda j: j.update_media(entry_id, url_file=url_file, body=text))

    def _record_failure(self, exc: GreenstatusError) -> None:
        from ..store import Unsendable

        if self.entry_id is None:
            return
        if isinstance(exc, Unsendable):
            self.state = "failed"
            record_unsendable(self.record, self.entry_id, exc, self.kept_copy)
        elif isinstance(exc, Interrupted) and self.from_outbox:
            # An outbox entry's row keeps the bare word: `outbox list` and `history` show it
            # next to entries a flush left the same way before this code was shared.
            state = "pending" if exc.nothing_sent else "unknown"
            self._finish(state, error="interrupted", attempted=True)
        else:
            # A Ctrl-C before the request was sent cancels a post; the outbox must not send it.
            cancelled = isinstance(exc, Interrupted) and exc.nothing_sent
            state = self._cancelled() if cancelled else outcome_state(exc, self.outbox)
            error = output.scrub(exc.message)[:1000]
            self._finish(state, http_status=exc.http_status, error=error)

    def _finish(self, state: str, **details: Any) -> None:
        self.state = state
        if self.entry_id is not None:
            entry_id = self.entry_id
            self.record(lambda j: j.finish(entry_id, state, **details))
