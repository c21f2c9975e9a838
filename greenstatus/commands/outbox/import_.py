"""`greenstatus outbox import`: a week of statuses from one CSV file, checked, then stored."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.context import load_settings
from ...app.options import JsonOpt, ProfileOpt

if TYPE_CHECKING:
    from ...compose.plan import Audience
    from ...config import Settings


def import_plan(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help="The CSV file; '-' reads stdin.", show_default=False),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Check and show every row; store nothing.")
    ] = False,
    as_json: JsonOpt = False,
    profile: ProfileOpt = None,
) -> None:
    """Schedule many statuses from one CSV file: a header row, then one status a row.

    Columns, in any order: at (required; the forms of --at), text, media, voice, color,
    font, to, profile. ',' or ';' separates them, as a spreadsheet saves the file. Every row
    is checked as 'post --at' checks it before anything is stored; one bad row stores
    nothing. A row that repeats a scheduled status (same instance, text and time) is
    skipped, so importing a file twice is harmless. At most 1,000 rows.

    Piped: the new entry's id, its due time (UTC) and first line, tab-separated.

    [bold]Examples[/bold]

      greenstatus outbox import week.csv --dry-run

      greenstatus outbox import week.csv

      greenstatus outbox import - < week.csv
    """
    output.set_quiet(False)
    with reporting_errors(as_json):
        _import(ctx, file, dry_run, as_json, profile)


def _read(file: str) -> tuple[str, str]:
    """The plan's text and the folder its media paths are relative to."""
    from ...errors import UsageError
    from ...i18n import _
    from ...rules.plan import MAX_BYTES, decode_plan

    try:
        if file == "-":
            raw, base = sys.stdin.buffer.read(MAX_BYTES + 1), os.getcwd()
        else:
            with open(file, "rb") as fh:
                raw, base = fh.read(MAX_BYTES + 1), os.path.dirname(os.path.abspath(file))
    except OSError as exc:
        raise UsageError(
            _("cannot read {file}: {reason}", file=file, reason=exc.strerror or str(exc))
        ) from None
    if len(raw) > MAX_BYTES:
        raise UsageError(
            _("{file}: larger than {mib} MiB", file=file, mib=MAX_BYTES // (1024 * 1024))
        )
    return decode_plan(raw, "stdin" if file == "-" else file), base


def _import(
    ctx: typer.Context, file: str, dry_run: bool, as_json: bool, profile: str | None
) -> None:
    from ...compose.plan import check_rows
    from ...errors import UsageError
    from ...rules import when
    from ...rules.plan import problems_summary, read_plan
    from ...sending.plan import schedule

    text, base = _read(file)
    rows = read_plan(text, "stdin" if file == "-" else file)
    known: dict[str | None, Settings] = {}

    def settings_for(name: str | None) -> Settings:
        if name not in known:
            known[name] = load_settings(ctx, name or profile)
        return known[name]

    audiences: dict[str, Audience] = {}

    def audience_for(settings: Settings) -> Audience:
        """One per profile, so its kept contacts are read once for the whole file."""
        if settings.profile not in audiences:
            from ...app.context import request_options
            from ...sending.recipients import audience

            request = request_options(settings, None, 3, False)  # as `contacts` by default
            audiences[settings.profile] = audience(settings, dry_run=dry_run, request=request)
        return audiences[settings.profile]

    checked, problems = check_rows(rows, base, settings_for, when.now(), audience_for)
    if problems:
        output.plan_problems(problems)
        raise UsageError(problems_summary(len(problems)))
    for row in checked:
        for warning in row.warnings:
            output.plan_warning(row.line, warning)
    planned = schedule(checked, dry_run=dry_run)
    shown: list[dict[str, Any]] = []
    for row, outcome in zip(checked, planned, strict=True):
        shown.append(
            {
                "line": row.line,
                "outbox_id": None if outcome.entry is None else outcome.entry.id,
                "not_before": when.iso(row.due),
                "duplicate": outcome.duplicate,
                "repeats": None if outcome.repeats is None else outcome.repeats.id,
                "text": row.first_line(),
                "file": row.local_file(),
            }
        )
    output.plan_rows(shown, as_json=as_json)
