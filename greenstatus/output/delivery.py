"""What happened after the queue: `post --wait`'s spinner and result, `sync`, `report`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..i18n import _, ngettext
from ..rules.untrusted import clean
from . import streams, terminal
from .secrets import one_line
from .streams import out, out_json
from .times import local_time

# Cells of the viewed bar in `report`'s table.
BAR = 10


def _draws_on_stderr() -> bool:
    import os

    return (
        not streams.quiet()
        and terminal.is_terminal(sys.stderr)
        and os.environ.get("TERM") != "dumb"
    )


@contextmanager
def wait_progress(id_message: str, wanted: str) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr with the state seen, on a terminal and without -q; the callback
    takes each state seen (a no-op elsewhere)."""
    if not _draws_on_stderr():
        yield lambda _state: None
        return
    shown = terminal.escape(one_line(id_message))

    def words(state: str) -> str:
        return str(
            _(
                "waiting for {id} to be {wanted} (now {state})",
                id=shown,
                wanted=wanted,
                state=terminal.escape(one_line(state)),
            ).translated()
        )

    with terminal.console(stderr=True).status(words("pending")) as spinner:
        yield lambda state: spinner.update(words(state))


def wait_reached(result: dict[str, Any], *, as_json: bool) -> None:
    """--wait got there: --json prints {idMessage, state}; otherwise a note on stderr (the
    idMessage was printed on stdout when the status was queued)."""
    if as_json:
        if not streams.quiet():
            out_json({"idMessage": result["idMessage"], "state": result["state"]})
        return
    streams.remark(
        _(
            "{id} is {state} after {seconds} s",
            id=result["idMessage"],
            state=result["state"],
            seconds=f"{result['waited']:g}",
        )
    )


def sync_result(settled: Any, *, as_json: bool) -> None:
    """One line per entry whose state changed; a summary on stderr (with delivery updates)."""
    changes = settled.changes
    if as_json:
        out_json(
            [{"id": c.id, "from": c.old, "to": c.new, "idMessage": c.id_message} for c in changes]
        )
    else:
        for c in changes:
            out(f"{c.id}\t{c.old}\t{c.new}\t{clean(c.id_message or '-')}")
    for entry_id in settled.ambiguous:
        streams.warn(
            _(
                "entry {id} stays unknown: several statuses in GREEN-API's journal match it",
                id=entry_id,
            )
        )
    if changes or settled.deliveries or terminal.is_terminal(sys.stderr):
        streams.remark(
            ngettext(
                "sync: {n} entry changed state; delivery updates: {updates}",
                "sync: {n} entries changed state; delivery updates: {updates}",
                len(changes),
                updates=settled.deliveries,
            )
        )


@contextmanager
def report_progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr over the statistics read, on a terminal and without -q."""
    if not total or not _draws_on_stderr():
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=terminal.console(stderr=True), transient=True) as bar:
        task = bar.add_task(str(_("reading statistics").translated()), total=total)
        yield lambda: bar.advance(task)


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def report(rows: Sequence[dict[str, Any]], *, days: int, as_json: bool) -> None:
    """report's rows: JSON, tab-separated lines, or a table with a bar for viewed."""
    keys = ("idMessage", "created", "kind", "reached", "delivered", "viewed", "first_line")
    if as_json:
        out_json([{k: r[k] for k in keys} for r in rows])
        return
    if not terminal.is_terminal():
        for r in rows:
            cells = [clean(str(r["idMessage"])), r["created"], r["kind"]]
            cells += [_count(r[k]) for k in ("reached", "delivered", "viewed")]
            out("\t".join([*cells, clean(r["first_line"])]))
        return
    if not rows:
        streams.note(
            ngettext(
                "no queued statuses in the last {n} day",
                "no queued statuses in the last {n} days",
                days,
            )
        )
        return
    _report_table(rows)
    _report_total(rows)


def _bar(viewed: int | None, reached: int | None) -> str:
    if viewed is None or not reached:
        return ""
    filled = round(BAR * viewed / reached)
    return "█" * filled + "·" * (BAR - filled)


def _report_table(rows: Sequence[dict[str, Any]]) -> None:
    from rich.table import Table

    headers = [_("when"), _("kind"), _("text"), _("reached"), _("delivered"), _("viewed")]
    table = Table()
    for index, header in enumerate([*(h.translated() for h in headers), ""]):
        numeric = 3 <= index <= 5
        table.add_column(
            header,
            justify="right" if numeric else "left",
            overflow="ellipsis",
            no_wrap=index != 2,
            max_width=40 if index == 2 else None,
        )
    for r in rows:
        table.add_row(
            terminal.escape(local_time(r["created"])),
            r["kind"],
            terminal.escape(one_line(r["first_line"])),
            _count(r["reached"]),
            _count(r["delivered"]),
            _count(r["viewed"]),
            f"[green]{_bar(r['viewed'], r['reached'])}[/green]",
        )
    terminal.draw(table)


def _report_total(rows: Sequence[dict[str, Any]]) -> None:
    counted = [r for r in rows if r["reached"] is not None]
    totals = [sum(r[k] for r in counted) for k in ("reached", "delivered", "viewed")]
    terminal.draw(
        terminal.escape(
            ngettext(
                "Total: {n} status, reached {reached}, delivered {delivered}, viewed {viewed}",
                "Total: {n} statuses, reached {reached}, delivered {delivered}, viewed {viewed}",
                len(rows),
                reached=totals[0],
                delivered=totals[1],
                viewed=totals[2],
            ).translated()
        )
    )
    best = max(counted, key=lambda r: (r["viewed"], r["reached"]), default=None)
    if best is not None and best["viewed"]:
        terminal.draw(
            terminal.escape(
                _(
                    "Best: {text} ({when}), viewed by {viewed}",
                    # A phone's status without text is named by GREEN-API's id: untrusted too.
                    text=one_line(best["first_line"]) or one_line(str(best["idMessage"])),
                    when=local_time(best["created"]),
                    viewed=best["viewed"],
                ).translated()
            )
        )
