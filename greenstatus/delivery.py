"""Sending one status through the journal: the duplicate guard, scheduling, the outbox, and
the outcome recorded. `post` (every kind) calls `deliver`; it imports requests only to send.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from . import output
from .errors import (
    DataRefusedError,
    GreenstatusError,
    PermissionRefusedError,
    StorageError,
    UnavailableError,
    UsageError,
)

if TYPE_CHECKING:
    from .config import Settings
    from .journal import Entry, Journal

T = TypeVar("T")


class Request:
    """One status to post, as `post` built it; `media` holds the journal's media columns
    (file_sha256, file_name, url_file, file_copy) and `fingerprint` the guard's key when the
    body alone is not it."""

    def __init__(
        self,
        kind: str,
        body: dict[str, Any],
        fingerprint: str | None = None,
        media: dict[str, str | None] | None = None,
        upload: Callable[[], dict[str, Any]] | None = None,
        local_file: str | None = None,
    ) -> None:
        self.kind = kind
        self.body = body
        self.fingerprint = fingerprint
        self.media = media or {}
        # Runs after the guard, before the send: uploads a local file, returns the final body.
        self.upload = upload
        # A local file that a later flush must upload from a copy in the state folder.
        self.local_file = local_file


class How:
    """The command line's say in how the status goes out."""

    def __init__(
        self,
        timeout: float | None = None,
        retries: int = 3,
        verbose: bool = False,
        as_json: bool = False,
        due: datetime | None = None,
        outbox: bool | None = None,
        allow_duplicate: bool = False,
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.verbose = verbose
        self.as_json = as_json
        self.due = due
        self.outbox = outbox
        self.allow_duplicate = allow_duplicate


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


class _Recorder:
    """Journal calls after the entry exists: a failure there warns once and never stops a
    status from going out, nor turns a queued status into an error."""

    def __init__(self, journal: Journal | None) -> None:
        self.journal = journal

    def __call__(self, action: Callable[[Journal], T]) -> T | None:
        if self.journal is None:
            return None
        try:
            return action(self.journal)
        except StorageError as exc:
            output.warn(f"{exc.message}; the outcome is not recorded in the journal")
            self.journal.close()
            self.journal = None
            return None


def deliver(settings: Settings, request: Request, how: How) -> None:
    """Post one status as the contract says: journal entry first, then the request."""
    from . import journal as jn
    from .rules.states import METHODS

    wants_outbox = how.outbox if how.outbox is not None else bool(jn.setting(settings, "outbox"))
    explicit = how.due is not None or how.outbox is True
    _, id_instance, _ = settings.credentials()
    timeout = how.timeout if how.timeout is not None else float(settings.get("timeout"))
    journal: Journal | None = None
    if jn.enabled(settings):
        try:
            journal = jn.open_journal(settings)
        except StorageError as exc:
            if explicit:
                raise
            output.warn(f"{exc.message}; posting without the journal (no duplicate guard)")
            wants_outbox = False
    elif explicit:
        raise UsageError(
            "--at, --in and --outbox need the journal, which is off "
            "(journal = false in the profile, or GREENSTATUS_JOURNAL=off)"
        )
    else:
        wants_outbox = False

    file_copy = request.media.get("file_copy")
    if journal is not None and request.local_file and (how.due is not None or wants_outbox):
        # A flush may run days later, after the file was edited or removed: it sends a copy.
        try:
            file_copy = jn.keep_file(request.local_file, request.media.get("file_sha256"))
        except StorageError:
            if explicit:
                raise
            wants_outbox = False
    draft = jn.Draft(
        profile=settings.profile,
        id_instance=id_instance,
        kind=request.kind,
        body=request.body,
        fingerprint=request.fingerprint or jn.fingerprint(request.kind, request.body),
        state="scheduled" if how.due is not None else "sending",
        not_before=how.due,
        timeout=timeout,
        file_sha256=request.media.get("file_sha256"),
        file_name=request.media.get("file_name"),
        url_file=request.media.get("url_file"),
        file_copy=file_copy,
    )
    window = 0 if how.allow_duplicate else int(jn.setting(settings, "duplicate_window"))
    entry: Entry | None = None
    while journal is not None:
        try:
            added = journal.add(
                draft, window_minutes=window, keep_days=int(jn.setting(settings, "journal_days"))
            )
        except StorageError as exc:
            if explicit:
                raise
            output.warn(f"{exc.message}; posting without the journal (no duplicate guard)")
            journal.close()
            journal = None
            wants_outbox = False
            break
        if added.duplicate is None:
            entry = added.entry
            break
        earlier = added.duplicate
        if earlier.state == "sending":
            # Another process is sending the same status: wait for its outcome, then look
            # again, so that of many identical posts exactly one is sent.
            journal.wait_settled(earlier.id)
            continue
        _repeat(earlier, how.as_json)
        return

    if how.due is not None:
        assert entry is not None
        try:
            output.scheduled(entry.id, entry.not_before, as_json=how.as_json)
            output.flush_stdout()
        except (Exception, KeyboardInterrupt) as exc:
            # It is stored and will be sent: exit 0, or a retrying wrapper schedules it twice.
            output.queued_on_stderr({"idMessage": f"outbox entry {entry.id}"}, exc)
        return
    _send(settings, request, METHODS[request.kind], entry, journal, how, wants_outbox, timeout)


def _repeat(earlier: Entry, as_json: bool) -> None:
    if earlier.state == "queued":
        output.duplicate_queued(earlier.id_message or "", earlier.updated, earlier.id, as_json)
    elif earlier.state in ("scheduled", "pending"):
        output.duplicate_waiting(earlier.id, earlier.state, earlier.not_before, as_json)
    else:
        raise UsageError(
            f"an identical status (journal entry {earlier.id}, {earlier.created}) may or may "
            "not have been queued; check 'greenstatus list', then post with --allow-duplicate "
            "to send it again"
        )


def _send(
    settings: Settings,
    request: Request,
    method: str,
    entry: Entry | None,
    journal: Journal | None,
    how: How,
    outbox: bool,
    timeout: float,
) -> None:
    from . import client
    from .journal import body_text as jn_body

    api_url, id_instance, token = settings.credentials()
    instance = client.Instance(api_url, id_instance, token)
    record = _Recorder(journal)
    started = False

    def before_attempt(attempt: int) -> None:
        nonlocal started
        started = True
        if attempt and entry is not None:
            record(lambda j: j.touch(entry.id, timeout))

    try:
        body = request.body
        if request.upload is not None:
            body = request.upload()
            if entry is not None:
                url_file, text = body.get("urlFile"), jn_body(body)
                record(lambda j: j.update_media(entry.id, url_file=url_file, body=text))
        answer = client.send_status(
            instance,
            method,
            body,
            timeout=timeout,
            retries=how.retries,
            log=output.err if how.verbose else None,
            before_attempt=before_attempt,
        )
    except GreenstatusError as exc:
        if entry is not None:
            state = outcome_state(exc, outbox)
            error = output.scrub(exc.message)[:1000]
            status = exc.http_status
            record(lambda j: j.finish(entry.id, state, http_status=status, error=error))
            if state == "pending" and record.journal is not None:
                exc.message += (
                    f"; kept in the outbox as {entry.id} ('greenstatus outbox flush' sends it)"
                )
        raise
    except KeyboardInterrupt:
        if entry is not None:
            state = "unknown" if started else "dropped"
            record(lambda j: j.finish(entry.id, state, error="interrupted", attempted=started))
        raise
    except Exception as exc:
        if entry is not None:
            error = output.scrub(f"unexpected error: {type(exc).__name__}: {exc}")[:1000]
            record(lambda j: j.finish(entry.id, "unknown", error=error))
        raise
    if entry is not None:
        id_message = str(answer["idMessage"])
        record(lambda j: j.finish(entry.id, "queued", id_message=id_message, http_status=200))
    if record.journal is not None:
        record.journal.close()
    try:
        output.queued(answer, as_json=how.as_json)
        output.flush_stdout()
    except (Exception, KeyboardInterrupt) as exc:
        # GREEN-API queued it: whatever happens to the output now, the exit code is 0, or a
        # wrapper would post it again.
        output.queued_on_stderr(answer, exc)
