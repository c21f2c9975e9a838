"""`greenstatus outbox`: what waits to be sent, sending what is due, and dropping entries."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import output
from ..app import (
    MAX_ENTRY_ID,
    MAX_LIMIT,
    JsonOpt,
    ProfileOpt,
    config_option,
    finite_timeout,
    reporting_errors,
)
from ..errors import ConfigError, GreenstatusError, Interrupted, StorageError

if TYPE_CHECKING:
    from ..config import Settings
    from ..journal import Entry, Journal, Unsendable

outbox_app = typer.Typer(
    help="Scheduled and kept statuses: list them, send what is due, drop some.",
    invoke_without_command=True,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing on success; no warnings.")
]


@outbox_app.callback()
def outbox(ctx: typer.Context, as_json: JsonOpt = False, profile: ProfileOpt = None) -> None:
    """Scheduled and kept statuses; without a subcommand, the same as [bold]outbox list[/bold].

    [bold]Examples[/bold]

      greenstatus outbox

      greenstatus outbox flush -q

      greenstatus outbox drop 12 13
    """
    if ctx.invoked_subcommand is None:
        _list(ctx, as_json, profile)


@outbox_app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False, profile: ProfileOpt = None) -> None:
    """The scheduled, pending and sending entries, soonest first.

    Piped: id, due time (UTC), state, profile and the first line, tab-separated.

    [bold]Examples[/bold]

      greenstatus outbox list

      greenstatus outbox list --json
    """
    _list(ctx, as_json, profile)


def _list(ctx: typer.Context, as_json: bool, profile: str | None) -> None:
    from .. import config, journal

    output.set_quiet(False)
    with reporting_errors(as_json):
        if profile:
            config.resolve(config_option(ctx), profile)
        with journal.open_journal() as opened:
            entries = opened.outbox(profile)
        output.outbox_list(entries, as_json=as_json)


@outbox_app.command()
def drop(
    ctx: typer.Context,
    ids: Annotated[
        list[int],
        typer.Argument(
            metavar="ID...", min=1, max=MAX_ENTRY_ID, help="Outbox entry ids.", show_default=False
        ),
    ],
    profile: ProfileOpt = None,
) -> None:
    """Never send these entries: scheduled or pending entries become dropped.

    Any other id is an error, and then nothing changes.

    [bold]Example[/bold]

      greenstatus outbox drop 12 13
    """
    from .. import config, journal

    output.set_quiet(False)
    with reporting_errors():
        if profile:
            config.resolve(config_option(ctx), profile)
        with journal.open_journal() as opened:
            dropped = opened.drop(list(dict.fromkeys(ids)))
        output.success("dropped outbox " + ", ".join(str(e.id) for e in dropped))


@outbox_app.command()
def flush(
    ctx: typer.Context,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-l",
            metavar="N",
            min=1,
            max=MAX_LIMIT,
            help="Send at most N entries.",
            show_default=False,
        ),
    ] = None,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
    profile: ProfileOpt = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            min=0.1,
            max=3600,
            callback=finite_timeout,
            help="Per-attempt timeout (default: each profile's timeout).",
            show_default=False,
        ),
    ] = None,
    retries: Annotated[
        int,
        typer.Option(
            "--retries",
            metavar="N",
            min=0,
            max=10,
            help="Extra attempts per entry for failures that cannot double-post.",
        ),
    ] = 3,
) -> None:
    """Send every due entry, oldest first, at most 5 a second per instance (for cron).

    Each entry is sent with its profile as configured now. A failure that queued nothing
    leaves it pending for the next flush; one that may have queued it makes it unknown,
    never sent again. Piped: one 'id<TAB>idMessage' line per entry queued.

    [bold]Examples[/bold]

      greenstatus outbox flush

      */5 * * * * greenstatus outbox flush -q     (a crontab line)
    """
    from .. import config, journal

    output.set_quiet(quiet)
    with reporting_errors(as_json):
        if profile:
            config.resolve(config_option(ctx), profile)
        with journal.open_journal() as opened:
            flusher = _Flush(opened, config_option(ctx), profile, timeout)
            flusher.as_json, flusher.quiet, flusher.retries = as_json, quiet, retries
            code = flusher.run(limit)
    if code:
        raise typer.Exit(code)


class _Flush:
    def __init__(
        self, opened: Journal, config_path: str | None, profile: str | None, timeout: float | None
    ) -> None:
        self.journal = opened
        self.config_path = config_path
        self.profile = profile
        self.timeout = timeout
        self.profiles: dict[str, Settings | GreenstatusError] = {}
        self.ended: list[str] = []
        self.results: list[dict[str, Any]] = []
        self.first_failure = 0
        self._client: Any = None
        self._session: Any = None

    as_json = False
    quiet = False
    retries = 3

    def run(self, limit: int | None) -> int:
        for entry in self.journal.settle_stale():
            output.warn(
                f"outbox entry {entry.id} was left sending by a process that stopped; it is "
                "now unknown (it may or may not have been queued) and is not sent again"
            )
        count = 0
        try:
            while limit is None or count < limit:
                claimed = self.journal.claim_next(skip_instances=self.ended, profile=self.profile)
                if claimed is None:
                    break
                count += 1
                self._one(claimed)
        except KeyboardInterrupt:
            # Between entries: the ones already queued stay queued, and say so.
            ids = self._queued_ids()
            done = f" after queuing outbox {ids}" if ids else ""
            raise Interrupted(
                f"interrupted{done}; nothing else was sent (the rest stay in the outbox)"
            ) from None
        except Interrupted as exc:
            if ids := self._queued_ids():
                exc.message += f"; outbox {ids} had been queued before it"
            raise
        finally:
            if self._session is not None:
                self._session.close()
        if self.as_json and not self.quiet:
            output.flush_json(self.results)
        elif not count and not self.quiet and output.is_terminal():
            output.flush_idle(self.journal.next_due(self.profile))
        return self.first_failure

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

    def _fail(self, entry: Entry, exc: GreenstatusError, state: str, note: str = "") -> None:
        output.error(f"outbox entry {entry.id}: {exc.message}{note}")
        self.results.append({"id": entry.id, "state": state, "idMessage": None})
        self.first_failure = self.first_failure or int(exc.exit_code)

    def _failed(self, entry: Entry, exc: Unsendable) -> None:
        """Never sendable: `failed` with its reason, and the flush goes on (exit 74 at the end)."""
        error = output.scrub(exc.message)[:1000]
        self.journal.finish(entry.id, "failed", error=error, attempted=False)
        if entry.file_copy:
            self.journal.release_file(entry.file_copy)
        self._fail(entry, exc, "failed", "; failed, it is not sent")

    def _one(self, entry: Entry) -> None:
        from .. import journal

        settings = self._settings(entry.profile)
        if not isinstance(settings, GreenstatusError) and (
            settings.get("id_instance") != entry.id_instance
        ):
            settings = ConfigError(
                f"profile {entry.profile!r} now names instance {settings.get('id_instance')}, "
                f"not {entry.id_instance} that the entry was posted for"
            )
        if isinstance(settings, GreenstatusError):
            self.journal.finish(entry.id, "pending", error=settings.message, attempted=False)
            self.ended.append(entry.id_instance)
            self._fail(entry, settings, "pending", "; left pending")
            return
        expiry = int(journal.setting(settings, "outbox_expiry"))
        try:
            due = journal.parse_iso(entry.not_before)
        except (ValueError, TypeError):
            self._failed(
                entry, journal.Unsendable(f"its due time {entry.not_before!r} is unreadable")
            )
            return
        if journal.utcnow() - due > timedelta(hours=expiry):
            self.journal.finish(
                entry.id, "expired", error=f"not sent within {expiry} h", attempted=False
            )
            output.warn(
                f"outbox entry {entry.id} was due at {output.stderr_time(entry.not_before)}, "
                f"more than {expiry} hours ago (outbox_expiry): expired, not sent"
            )
            self.results.append({"id": entry.id, "state": "expired", "idMessage": None})
            return
        self._send(entry, settings)

    def _body(self, entry: Entry, settings: Settings) -> dict[str, Any]:
        """The request body to send. A media post kept with a copy of its file
        (entry.file_copy) and no urlFile yet is uploaded here first, once."""
        from .. import api, config, journal
        from ..rules import media

        body = entry.request_body()
        if entry.url_file or not entry.file_copy:
            return body
        try:
            kind, content_type, _ = media.file_type(
                entry.file_name or entry.file_copy,
                "--voice" if entry.kind == "voice" else "--media",
            )
        except GreenstatusError as exc:
            raise journal.Unsendable(f"its kept file cannot be sent: {exc.message}") from None
        del kind
        try:
            size = os.path.getsize(entry.file_copy)
            config.private(Path(entry.file_copy))
        except FileNotFoundError:
            raise journal.Unsendable(
                f"the kept copy of {entry.file_name} is gone ({entry.file_copy})"
            ) from None
        except OSError as exc:
            unreadable = StorageError(
                f"the kept copy of {entry.file_name} cannot be read ({exc.strerror or exc})"
            )
            unreadable.nothing_sent = True
            raise unreadable from None
        try:
            host = api.Instance.for_settings(settings, media=True)
            upload = api.upload_file(
                host,
                entry.file_copy,
                size,
                content_type,
                media.header_file_name(entry.file_name or os.path.basename(entry.file_copy)),
                timeout=settings.timeout(self.timeout),
                retries=self.retries,
            )
        except OSError as exc:
            gone = StorageError(
                f"the kept copy of {entry.file_name} is gone ({exc.strerror or exc})"
            )
            gone.nothing_sent = True
            raise gone from None
        except GreenstatusError as exc:
            # An upload posts nothing: the entry stays pending for the next flush.
            exc.nothing_sent = True
            raise
        body["urlFile"] = upload.url_file
        self.journal.update_media(entry.id, url_file=upload.url_file, body=journal.body_text(body))
        return body

    def _send(self, entry: Entry, settings: Settings) -> None:
        from .. import api
        from ..delivery import outcome_state
        from ..journal import Unsendable

        if self._session is None:
            self._session = api.new_session()
        instance = api.Instance.for_settings(settings)
        timeout = settings.timeout(self.timeout)
        started = False

        def before_attempt(attempt: int) -> None:
            nonlocal started
            self.journal.pace(entry.id_instance)
            self.journal.touch(entry.id, timeout)
            started = True

        try:
            answer = api.send_status(
                instance,
                entry.method,
                self._body(entry, settings),
                timeout=timeout,
                retries=self.retries,
                session=self._session,
                before_attempt=before_attempt,
            )
        except Unsendable as exc:
            self._failed(entry, exc)
            return
        except Interrupted as exc:
            # Ctrl-C ends the flush; the entry is left as the interruption proves it to be.
            state = "pending" if exc.nothing_sent else "unknown"
            self.journal.finish(entry.id, state, error="interrupted", attempted=True)
            raise
        except GreenstatusError as exc:
            state = outcome_state(exc, outbox=True)
            self.journal.finish(
                entry.id,
                state,
                http_status=exc.http_status,
                error=output.scrub(exc.message)[:1000],
            )
            if state == "pending":
                self.ended.append(entry.id_instance)
                self._fail(entry, exc, state, "; still pending: the next flush tries again")
            else:
                self._fail(entry, exc, state)
            return
        except KeyboardInterrupt:
            self.journal.finish(
                entry.id,
                "unknown" if started else "pending",
                error="interrupted",
                attempted=started,
            )
            raise
        id_message = str(answer["idMessage"])
        self.results.append({"id": entry.id, "state": "queued", "idMessage": id_message})
        try:
            # send_status holds Ctrl-C until the entry is recorded queued and shown.
            try:
                self.journal.finish(entry.id, "queued", id_message=id_message, http_status=200)
                if entry.file_copy:
                    self.journal.release_file(entry.file_copy)
            except StorageError as exc:
                # Left `sending`, it becomes unknown later and is never sent again.
                output.warn(f"{exc.message}; outbox entry {entry.id} was queued all the same")
            if not self.as_json:
                output.flushed(entry.id, id_message)
        finally:
            api.release_interrupts()
