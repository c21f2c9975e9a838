"""One post through the journal: the duplicate guard, scheduling, the outbox, then the send.

`post` (every kind) calls `deliver`; requests is imported only when it sends.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import output
from ..errors import GreenstatusError, StorageError, UsageError
from ..i18n import _
from .attempt import Attempt, Recorder

if TYPE_CHECKING:
    from ..compose import PreparedMedia
    from ..config import Settings
    from ..store import Entry, Journal, NewEntry
    from .wait import Waiter


class OutgoingStatus:
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


def media_status(
    prepared: PreparedMedia, upload: Callable[[], dict[str, Any]] | None = None
) -> OutgoingStatus:
    """The journal's view of a checked media post: its kind, the body (urlFile still a
    placeholder for a local file), the guard's key by file hash or URL, and the upload to run
    once the guard has let it through (None: a later flush uploads the kept copy)."""
    return OutgoingStatus(
        prepared.kind,
        prepared.body(),
        fingerprint=prepared.fingerprint(),
        media={
            "file_sha256": prepared.file_sha256,
            "file_name": prepared.file_name,
            "url_file": prepared.url,
        },
        upload=upload if prepared.path is not None else None,
        local_file=prepared.path,
    )


def new_entry(
    settings: Settings,
    status: OutgoingStatus,
    due: datetime | None,
    timeout: float,
    file_copy: str | None,
) -> NewEntry:
    """The journal entry of one status: scheduled when due is given, else being sent now;
    file_copy is the kept copy a later flush uploads (store.keep_file)."""
    from .. import store as jn

    _, id_instance, _ = settings.credentials()
    return jn.NewEntry(
        profile=settings.profile,
        id_instance=id_instance,
        kind=status.kind,
        body=status.body,
        fingerprint=status.fingerprint or jn.fingerprint(status.kind, status.body),
        state="scheduled" if due is not None else "sending",
        not_before=due,
        timeout=timeout,
        file_sha256=status.media.get("file_sha256"),
        file_name=status.media.get("file_name"),
        url_file=status.media.get("url_file"),
        file_copy=file_copy,
    )


class SendOptions(NamedTuple):
    """The command line's say in how the status goes out."""

    timeout: float | None = None
    retries: int = 3
    verbose: bool = False
    as_json: bool = False
    due: datetime | None = None
    outbox: bool | None = None
    allow_duplicate: bool = False
    # post --wait: checked before sending, followed once the status is queued.
    wait: Waiter | None = None


def deliver(settings: Settings, status: OutgoingStatus, options: SendOptions) -> None:
    """Post one status as the contract says: journal entry first, then the status."""
    if options.wait is not None:
        options.wait.as_json = options.as_json
        options.wait.check()
    run = _Delivery(settings, options)
    run.open_journal()
    draft = run.draft(status)
    entry, repeated = run.add(draft)
    if repeated:
        return
    if options.due is not None:
        assert entry is not None
        try:
            output.scheduled(entry.id, entry.not_before, as_json=options.as_json)
            output.flush_stdout()
        except (Exception, KeyboardInterrupt) as exc:
            # It is stored and will be sent: exit 0, or a retrying wrapper schedules it twice.
            output.queued_on_stderr({"idMessage": _("outbox entry {id}", id=entry.id)}, exc)
        return
    _send(settings, status, entry, run.journal, options, run.wants_outbox, run.timeout)


class _Delivery:
    """The journal side of one post. A journal that fails is warned about and the post goes
    out without it, unless the command line asked for what only the journal does
    (`explicit`: --at, --in, --outbox); then the failure is the error."""

    def __init__(self, settings: Settings, options: SendOptions) -> None:
        from .. import store as jn

        self.settings = settings
        self.options = options
        self.explicit = options.due is not None or options.outbox is True
        self.wants_outbox = (
            options.outbox if options.outbox is not None else bool(jn.setting(settings, "outbox"))
        )
        _, self.id_instance, _ = settings.credentials()
        self.timeout = settings.timeout(options.timeout)
        self.journal: Journal | None = None

    def open_journal(self) -> None:
        from .. import store as jn

        if jn.enabled(self.settings):
            try:
                self.journal = jn.open_journal(self.settings)
            except StorageError as exc:
                if self.explicit:
                    raise
                output.warn(_without_journal(exc.message))
                self.wants_outbox = False
        elif self.explicit:
            raise UsageError(
                _(
                    "--at, --in and --outbox need the journal, which is off "
                    "(journal = false in the profile, or GREENSTATUS_JOURNAL=off)"
                )
            )
        else:
            self.wants_outbox = False

    def draft(self, status: OutgoingStatus) -> NewEntry:
        from .. import store as jn

        options = self.options
        file_copy = status.media.get("file_copy")
        later = options.due is not None or self.wants_outbox
        if self.journal is not None and status.local_file and later:
            # A flush may run days later, after the file was edited or removed: it sends a copy.
            try:
                file_copy = jn.keep_file(status.local_file, status.media.get("file_sha256"))
            except StorageError:
                if self.explicit:
                    raise
                self.wants_outbox = False
        return new_entry(self.settings, status, options.due, self.timeout, file_copy)

    def add(self, draft: NewEntry) -> tuple[Entry | None, bool]:
        """The new entry (None without a journal), and whether the duplicate guard stopped
        the post instead (the earlier one reported)."""
        from .. import store as jn

        settings = self.settings
        window = (
            0 if self.options.allow_duplicate else int(jn.setting(settings, "duplicate_window"))
        )
        keep_days = int(jn.setting(settings, "journal_days"))
        while self.journal is not None:
            try:
                added = self.journal.add(draft, window_minutes=window, keep_days=keep_days)
            except StorageError as exc:
                if self.explicit:
                    raise
                output.warn(_without_journal(exc.message))
                self.journal.close()
                self.journal = None
                self.wants_outbox = False
                break
            if added.duplicate is None:
                return added.entry, False
            earlier = added.duplicate
            if earlier.state == "sending":
                # Another process is sending the same status: wait for its outcome, then look
                # again, so that of many identical posts exactly one is sent.
                self.journal.wait_settled(earlier.id)
                continue
            _repeat(earlier, self.options)
            return None, True
        return None, False


def _without_journal(message: str) -> str:
    return _("{message}; posting without the journal (no duplicate guard)", message=message)


def _repeat(earlier: Entry, options: SendOptions) -> None:
    as_json = options.as_json
    if earlier.state == "queued":
        if options.wait is None or not as_json:
            output.duplicate_queued(earlier, as_json)
        if options.wait is not None and earlier.id_message:
            options.wait.follow(earlier.id_message, earlier.queued_at)
    elif earlier.state in ("scheduled", "pending"):
        output.duplicate_waiting(earlier.id, earlier.state, earlier.not_before, as_json)
    else:
        raise UsageError(
            _(
                "an identical status (journal entry {id}, {created}) may or may not have been "
                "queued; check 'greenstatus list', then post with --allow-duplicate to send it "
                "again",
                id=earlier.id,
                created=earlier.created,
            )
        )


def _send(
    settings: Settings,
    status: OutgoingStatus,
    entry: Entry | None,
    journal: Journal | None,
    options: SendOptions,
    outbox: bool,
    timeout: float,
) -> None:
    from .. import api
    from ..rules.states import METHODS

    record = Recorder(journal, lenient=True)
    attempt = Attempt(
        record,
        entry.id if entry is not None else None,
        api.Instance.for_settings(settings),
        METHODS[status.kind],
        timeout=timeout,
        retries=options.retries,
        outbox=outbox,
    )
    attempt.log = output.err if options.verbose else None
    try:
        answer = attempt.send(status.upload or (lambda: status.body), status.upload is not None)
    except GreenstatusError as exc:
        if attempt.state == "pending" and record.journal is not None:
            exc.message = _(
                "{message}; kept in the outbox as {id} ('greenstatus outbox flush' sends it)",
                message=exc.message,
                id=attempt.entry_id,
            )
        raise
    # GREEN-API queued it (and send_status holds Ctrl-C from here to the exit): whatever
    # happens to the journal or the output now, the exit code is 0, or a wrapper posts it again.
    try:
        attempt.record_queued(answer)
    except (Exception, KeyboardInterrupt):
        pass  # the warning about it could not be written either (a full disk behind stderr)
    if record.journal is not None:
        record.journal.close()
    try:
        if options.wait is None or not options.as_json:
            output.queued(answer, as_json=options.as_json)
        output.flush_stdout()
    except (Exception, KeyboardInterrupt) as exc:
        output.queued_on_stderr(answer, exc)
    if options.wait is not None:
        options.wait.follow(str(answer["idMessage"]))
