"""What the server's status lists show: list, stats and delete.

Server text is untrusted: cells are rich.text.Text (never parsed as markup), every field was
cleaned of control characters and scrubbed in rules.statuses before anything shortens it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from ..i18n import _
from ..rules.untrusted import clean
from . import streams, terminal
from .secrets import one_line
from .streams import out, out_json
from .times import local_time

_STATE_STYLES = {"read": "green", "delivered": "cyan", "sent": "yellow", "pending": "dim"}
_TEXT_WIDTH = 40


def _shorten(text: str, width: int) -> Any:
    """The first line, cut to `width` terminal cells with `…`; ` …` marks more lines."""
    from rich.text import Text

    from ..rules.statuses import first_line

    line = first_line(text)
    shown = Text(line + (" …" if line and line != clean(text) else ""))
    shown.truncate(width, overflow="ellipsis")
    return shown


def _short_time(iso: str) -> str:
    """2024-03-11T05:26:51Z → 2024-03-11 05:26 (the column header says UTC)."""
    return iso.replace("T", " ")[:16]


def _light_table(title: str, **options: Any) -> Any:
    """A table without vertical rules, so an 80-column terminal holds the columns that matter."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # Text, never markup: a title or caption may hold an idMessage or a state from the server.
    if isinstance(options.get("caption"), str):
        options["caption"] = Text(one_line(options["caption"]))
    return Table(
        title=Text(one_line(title)),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        **options,
    )


def _swatch(color: str) -> Any:
    from rich.text import Text

    if not color:
        return Text("")
    swatch = Text("  ", style=f"on {color}")
    swatch.append(f" {color}")
    return swatch


def _status_cells(r: Any, incoming: bool) -> list[Any]:
    """One status as the seven cells of status_list's table."""
    from rich.text import Text

    from ..rules.statuses import MISSING, first_line

    if incoming:
        state = Text(r.state or MISSING)
        if r.sender_name:
            state.append(f" {r.sender_name}", style="dim")
    else:
        state = Text(r.state or MISSING, style=_STATE_STYLES.get(r.state, ""))
    return [
        Text(r.id_message or MISSING, style="bold"),
        Text(_short_time(r.timestamp) or MISSING),
        Text(r.kind, style="dim" if r.kind == "other" else ""),
        state,
        Text(first_line(r.text)),
        _swatch(r.color),
        Text(r.font),
    ]


def status_list(
    items: Sequence[Any], rows: Sequence[Any], *, incoming: bool, title: str, as_json: bool
) -> None:
    """getOutgoingStatuses/getIncomingStatuses: the items as JSON, a table, or TAB lines.

    On a terminal: every column when they fit, else without colour and font, else
    `key: value` lines.
    """
    from ..rules.statuses import MISSING, first_line

    if as_json:
        out_json(list(items))
        return
    if not terminal.is_terminal():
        for r in rows:
            fields = (r.id_message, r.timestamp, r.kind, r.state)
            out("\t".join([*(f or MISSING for f in fields), first_line(r.text)]))
        return
    if not rows:
        return
    when = _("received (UTC)") if incoming else _("last action (UTC)")
    who = _("sender") if incoming else _("state")
    names = ("id", when, _("kind"), who, _("text or caption"), _("colour"), _("font"))
    records = [_status_cells(r, incoming) for r in rows]
    # Every column is no_wrap: Rich would cut any of them to fit. The room left for the text is
    # worked out here, and the text alone is shortened to it.
    width = terminal.width(sys.stdout)
    for shown, least in ((7, 16), (5, 8)):
        fixed = [[names[i], *(cells[i] for cells in records)] for i in range(shown) if i != 4]
        room = min(_TEXT_WIDTH, width - terminal.needed(fixed, [0], ruled=False))
        if room < least:
            continue
        caption = None if shown == 7 else _("colour and font: a wider terminal, or --json")
        table = _light_table(title, caption=caption, caption_justify="left")
        for index, name in enumerate(names[:shown]):
            label = _("text") if index == 4 and room < len(name) else name
            table.add_column(label, no_wrap=True, overflow="ellipsis")
        for r, cells in zip(rows, records, strict=True):
            table.add_row(*cells[:4], _shorten(r.text, room), *cells[5:shown])
        terminal.draw(table)
        return
    terminal.fit(
        [],
        [
            [(n, c) for n, c in zip(names, cells, strict=True) if c.plain.strip()]
            for cells in records
        ],
    )


def status_stats(
    items: Sequence[Any], stats: Sequence[Any], summary: str, *, title: str, as_json: bool
) -> None:
    """getStatusStatistic: the array as JSON, a table with a summary, or TAB lines."""
    from ..rules.statuses import MISSING

    if as_json:
        out_json(list(items))
        return
    if not terminal.is_terminal():
        for s in stats:
            out("\t".join(f or MISSING for f in (s.participant, s.state, s.timestamp)))
        return
    if not stats:
        return
    from rich.text import Text

    names = (_("participant"), _("state"), _("time (UTC)"))
    table = _light_table(title, caption=summary, caption_justify="left")
    for name in names:
        table.add_column(name, no_wrap=True)
    records = []
    for s in stats:
        cells = [
            Text(s.participant or MISSING),
            Text(s.state, style=_STATE_STYLES.get(s.state, "")),
            Text(_short_time(s.timestamp) or MISSING),
        ]
        table.add_row(*cells)
        records.append(list(zip(names, cells, strict=True)))
    records.append([(_("summary"), Text(summary))])
    terminal.fit([table], records)


def status_deleted(id_message: str) -> None:
    """Piped: the id, so a script can log it; on a terminal, a short line."""
    if streams.quiet():
        return
    if terminal.is_terminal():
        from rich.text import Text

        line = Text("✓ ", style="green")
        line.append(_("Status deleted"))
        line.append(" ")
        line.append("· idMessage ", style="dim")
        line.append(one_line(id_message), style="bold")
        terminal.draw(line)
    else:
        out(one_line(id_message))


def delete_prompt(id_message: str, entry: Any) -> str:
    """What `delete` asks: the id, and from the journal the first line and when it was queued."""
    shown = one_line(id_message)
    if entry is None:
        return _("Delete status {id} from WhatsApp?", id=shown)
    first = one_line(entry.first_line, 60)
    when = local_time(entry.queued_at if entry.queued_at is not None else entry.updated)
    return _(
        'Delete status {id} "{first}" (queued {when}) from WhatsApp?',
        id=shown,
        first=first,
        when=when,
    )
