"""`outbox flush`'s work: every due entry sent, oldest first, each with its profile as it is now."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from .. import output
from ..errors import ConfigError, GreenstatusError, Interrupted
from ..i18n import _
from .attempt import Attempt, Recorder, record_unsendable
from .upload import upload_kept_copy

if TYPE_CHECKING:
    from ..config import Settings
    from ..store import Entry, Journal


class OutboxFlush:
    """One flush over an open journal. `results` holds one {id, state, idMessage} per entry
    it handled; `first_failure` the exit code of the first entry that failed (0 if none)."""

    def __init__(
        self, opened: Journal, config_path: str | None, profile: str | None, timeout: float | None
    ) -> None:
        self.journal = opened
        self.record = Recorder(opened, lenient=False)
        self.config_path = config_path
        self.profile = profile
        self.timeout = timeout
        self.profiles: dict[str, Settings | GreenstatusError] = {}
        # Instances that failed in a way the next entry would meet too: skipped until the end.
        self.ended_instances: list[str] = []
        self.results: list[dict[str, Any]] = []
        self.first_failure = 0
        self._session: Any = None
        # The instances this flush sent to, with their settings: settled once at the end.
        self.sent_to: dict[str, Settings] = {}

    as_json = False
    quiet = False
    retries = 3

    def run(self, limit: int | None) -> int:
        """Send up to `limit` due entries; the exit code."""
        for entry in self.journal.settle_stale():
            output.warn(
                _(
                    "outbox entry {id} was left sending by a process that stopped; it is now "
                    "unknown (it may or may not have been queued) and is not sent again",
                    id=entry.id,
                )
            )
        count = 0
        try:
            while limit is None or count < limit:
                claimed = self.journal.claim_next(
                    skip_instances=self.ended_instances, profile=self.profile
                )
                if claimed is None:
                    break
                count += 1
                self._flush_entry(claimed)
        except KeyboardInterrupt:
            # Between entries: the ones already queued stay queued, and say so.
            if ids := self._queued_ids():
                said = _(
                    "interrupted after queuing outbox {ids}; nothing else was sent "
                    "(the rest stay in the outbox)",
                    ids=ids,
                )
            else:
                said = _("interrupted; nothing was sent (the rest stay in the outbox)")
            raise Interrupted(said) from None
        except Interrupted as exc:
            if ids := self._queued_ids():
                exc.message = _(
                    "{message}; outbox {ids} had been queued before it",
                    message=exc.message,
                    ids=ids,
                )
            raise
        finally:
            if self._session is not None:
                self._session.close()
        self._settle()
        if self.as_json and not self.quiet:
            output.flush_json(self.results)
        elif not count and not self.quiet and output.is_terminal():
            output.flush_idle(self.journal.next_due(self.profile))
        return self.first_failure

    def _settle(self) -> None:
        """The same settling as `sync`, once per instance sent to, when it has unknown
        entries; any failure of it is a warning, never the flush's exit code."""
        from .. import api, store
        from ..i18n import _
        from .settle import has_unknown, settle, webhook_off

        for id_instance, settings in self.sent_to.items():
            if not has_unknown(self.journal, id_instance, store.utcnow()):
                continue
            instance = api.Instance.for_settings(settings)
            options = {"timeout": settings.timeout(self.timeout), "retries": self.retries}
            try:
                if (refused := webhook_off(instance, options)) is not None:
                    output.warn(_("unknown entries not settled: {why}", why=refused.message))
                    continue
                settled = settle(self.journal, instance, options)
            except Interrupted:
                raise
            except GreenstatusError as exc:
                output.warn(_("unknown entries not settled: {why}", why=exc.message))
                continue
            for change in settled.changes:
                output.remark(
                    _(
                        "journal entry {id}: {old} -> {new} ({id_message}), from GREEN-API's "
                        "journal",
                        id=change.id,
                        old=change.old,
                        new=change.new,
                        id_message=change.id_message or "-",
                    )
                )

    def _queued_ids(self) -> str:
        return ", ".join(str(r["id"]) for r in self.results if r["state"] == "queued")

    def _settings(self, name: str) -> Settings | GreenstatusError:
        from .. import config

        if name not in self.profiles:
            try:
                chosen = config.resolve(self.config_path, None)
                if chosen.profile != name:
                    chosen = config.resolve(self.config_path, name)
                output.register_secret(chosen.get("api_token_instance"))
                self.profiles[name] = chosen
            except GreenstatusError as exc:
                self.profiles[name] = exc
        return self.profiles[name]

    def _report_failure(
        self, entry: Entry, exc: GreenstatusError, state: str, note: str = ""
    ) -> None:
        if note:
            output.error(
                _(
                    "outbox entry {id}: {message}; {note}",
                    id=entry.id,
                    message=exc.message,
                    note=note,
                )
            )
        else:
            output.error(_("outbox entry {id}: {message}", id=entry.id, message=exc.message))
        self.results.append({"id": entry.id, "state": state, "idMessage": None})
        self.first_failure = self.first_failure or int(exc.exit_code)

    def _flush_entry(self, entry: Entry) -> None:
        from .. import store

        settings = self._settings(entry.profile)
        if not isinstance(settings, GreenstatusError) and (
            settings.get("id_instance") != entry.id_instance
        ):
            settings = ConfigError(
                _(
                    "profile {profile} now names instance {now}, not {then} that the entry was "
                    "posted for",
                    profile=repr(entry.profile),
                    now=settings.get("id_instance"),
                    then=entry.id_instance,
                )
            )
        if isinstance(settings, GreenstatusError):
            self.journal.finish(entry.id, "pending", error=settings.message, attempted=False)
            self.ended_instances.append(entry.id_instance)
            self._report_failure(entry, settings, "pending", _("left pending"))
            return
        expiry = int(store.setting(settings, "outbox_expiry"))
        try:
            due = store.parse_iso(entry.not_before)
        except (ValueError, TypeError):
            unreadable = store.Unsendable(
                _("its due time {due} is unreadable", due=repr(entry.not_before))
            )
            record_unsendable(self.record, entry.id, unreadable, entry.file_copy)
            self._report_failure(entry, unreadable, "failed", _("failed, it is not sent"))
            return
        if store.utcnow() - due > timedelta(hours=expiry):
            self.journal.finish(
                entry.id, "expired", error=f"not sent within {expiry} h", attempted=False
            )
            output.warn(
                _(
                    "outbox entry {id} was due at {due}, more than {hours} hours ago "
                    "(outbox_expiry): expired, not sent",
                    id=entry.id,
                    due=output.stderr_time(entry.not_before),
                    hours=expiry,
                )
            )
            self.results.append({"id": entry.id, "state": "expired", "idMessage": None})
            return
        self._send(entry, settings)

    def _send(self, entry: Entry, settings: Settings) -> None:
        from .. import api
        from ..store import Unsendable

        if self._session is None:
            self._session = api.new_session()
        self.sent_to.setdefault(entry.id_instance, settings)
        timeout = settings.timeout(self.timeout)
        attempt = Attempt(
            self.record,
            entry.id,
            api.Instance.for_settings(settings),
            entry.method,
            timeout=timeout,
            retries=self.retries,
            outbox=True,
            from_outbox=True,
        )
        attempt.session = self._session
        attempt.kept_copy = entry.file_copy
        needs_upload = bool(entry.file_copy) and not entry.url_file

        def upload() -> dict[str, Any]:
            return upload_kept_copy(settings, entry, timeout=self.timeout, retries=self.retries)

        try:
            answer = attempt.send(upload if needs_upload else entry.request_body, needs_upload)
        except Unsendable as exc:
            self._report_failure(entry, exc, "failed", _("failed, it is not sent"))
            return
        except Interrupted:
            # Ctrl-C ends the flush; the entry is left as the interruption proves it to be.
            raise
        except GreenstatusError as exc:
            state = attempt.state or "unknown"
            if state == "pending":
                self.ended_instances.append(entry.id_instance)
                self._report_failure(
                    entry, exc, state, _("still pending: the next flush tries again")
                )
            else:
                self._report_failure(entry, exc, state)
            return
        self._queued(entry, attempt, answer)

    def _queued(self, entry: Entry, attempt: Attempt, answer: dict[str, Any]) -> None:
        from .. import api

        id_message = str(answer["idMessage"])
        self.results.append({"id": entry.id, "state": "queued", "idMessage": id_message})
        try:
            # send_status holds Ctrl-C until the entry is recorded queued and shown.
            attempt.record_queued(answer)
            if not self.as_json:
                output.flushed(entry.id, id_message)
        finally:
            api.release_interrupts()
