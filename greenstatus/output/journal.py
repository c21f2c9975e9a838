"""What the local journal shows: history, the outbox, and what a flush queued."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import _, localized
from ..rules.untrusted import clean
from . import streams, terminal
from .secrets import one_line
from .streams import err, out, out_json
from .times import local_time


def _journal_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table that cuts nothing but the last column's text; below the width it needs,
    `key: value` lines instead, one block per entry."""
    import sys

    from rich.table import Table
    from rich.text import Text

    whole = [[column, *(row[i] for row in rows)] for i, column in enumerate(columns)]
    last = min(max(map(len, whole.pop())), 12)
    if terminal.width(sys.stdout) < terminal.needed(whole, [last]):
        terminal.key_value_lines(
            [[(c, one_line(v)) for c, v in zip(columns, row, strict=True)] for row in rows],
            bare=False,
        )
        return
    table = Table(title=Text(localized(title)), title_justify="left")
    for index, column in enumerate(columns):
        wraps = index == len(columns) - 1
        table.add_column(column, no_wrap=not wraps, overflow="fold" if wraps else "ellipsis")
    for row in rows:
        table.add_row(*(terminal.escape(one_line(cell)) for cell in row))
    terminal.draw(table)


def outbox_list(entries: Sequence[Any], *, as_json: bool) -> None:
    """What waits to be sent, soonest first."""
    if as_json:
        out_json(
            [
                {
                    "id": e.id,
                    "state": e.state,
                    "not_before": e.not_before,
                    "profile": e.profile,
                    "kind": e.kind,
                    "body": e.body_dict,
                    "attempts": e.attempts,
                    "last_error": e.last_error,
                }
                for e in entries
            ]
        )
    elif terminal.is_terminal():
        if not entries:
            err(_("The outbox is empty."))
            return
        rows = [
            (str(e.id), local_time(e.not_before), e.state, e.profile, str(e.attempts), e.first_line)
            for e in entries
        ]
        columns = ("id", _("due"), _("state"), _("profile"), _("tries"), _("text"))
        _journal_table(_("Outbox"), columns, rows)
    else:
        for e in entries:
            out(f"{e.id}\t{e.not_before}\t{e.state}\t{clean(e.profile)}\t{clean(e.first_line)}")


def history(entries: Sequence[Any], *, as_json: bool) -> None:
    """Journal entries, newest first."""
    if as_json:
        out_json([e.public() for e in entries])
    elif terminal.is_terminal():
        if not entries:
            err(_("No journal entries for this instance."))
            return
        rows = [
            (
                str(e.id),
                local_time(e.created),
                e.state,
                e.delivery or "-",
                e.id_message or "-",
                e.kind,
                e.first_line,
            )
            for e in entries
        ]
        columns = ("id", _("created"), _("state"), _("delivery"), "idMessage", _("kind"), _("text"))
        _journal_table(_("History"), columns, rows)
    else:
        for e in entries:
            out(
                f"{e.id}\t{e.created}\t{e.state}\t{clean(e.id_message or '-')}\t{e.kind}\t"
                f"{clean(e.first_line)}"
            )


def flushed(entry_id: int, id_message: str) -> None:
    """One entry the flush queued."""
    if streams.quiet():
        return
    id_message = one_line(id_message)
    if terminal.is_terminal():
        terminal.draw(
            _(
                "[green]✓[/green] outbox entry [bold]{id}[/bold] queued "
                "[dim]· idMessage[/dim] [bold]{id_message}[/bold]",
                id=entry_id,
                id_message=terminal.escape(id_message),
            )
        )
    else:
        out(f"{entry_id}\t{id_message}")


def flush_json(results: Sequence[dict[str, Any]]) -> None:
    out_json(list(results))


def flush_idle(next_due: Any) -> None:
    """A flush on a terminal that found nothing due says so, and when the next entry is due;
    piped (cron) and with -q it stays silent."""
    if streams.quiet() or not terminal.is_terminal():
        return
    if next_due is None:
        err(_("Nothing is due: the outbox is empty."))
    else:
        err(
            _(
                "Nothing is due yet: the next entry ({id}) is due at {due}.",
                id=next_due.id,
                due=local_time(next_due.not_before),
            )
        )
