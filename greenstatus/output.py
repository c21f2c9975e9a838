"""Everything greenstatus shows: the only module that writes to stdout or stderr.

Plain text goes to pipes and files; Rich draws only on a terminal, and is imported only then.
Every line passes through scrub(), so a registered secret cannot be printed whole.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

_secrets: set[str] = set()
_quiet = False


def register_secret(secret: str | None) -> None:
    """Remember a secret so nothing printed afterwards can show it whole."""
    if secret and len(secret) >= 4:
        _secrets.add(secret)


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def scrub(text: str) -> str:
    from .config import mask

    for secret in _secrets:
        text = text.replace(secret, mask(secret))
    return text


def is_terminal(stream: Any = None) -> bool:
    stream = stream or sys.stdout
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def out(line: str = "") -> None:
    """One plain line on stdout."""
    sys.stdout.write(scrub(line) + "\n")


def raw(text: str) -> None:
    """Text on stdout exactly as given (a generated script)."""
    sys.stdout.write(text)


def out_json(data: Any) -> None:
    out(json.dumps(data, ensure_ascii=False, indent=2))


def err(line: str) -> None:
    sys.stderr.write(scrub(line) + "\n")
    sys.stderr.flush()


def warn(message: str) -> None:
    """A warning on stderr, unless --quiet: cron mails whatever a job prints."""
    if not _quiet:
        err(f"greenstatus: warning: {message}")


def error(message: str) -> None:
    err(f"greenstatus: error: {message}")


def error_json(exit_code: int, http_status: int | None, message: str) -> None:
    out(
        json.dumps(
            {"error": {"exit_code": exit_code, "http_status": http_status, "message": message}}
        )
    )


def debug_traceback(text: str) -> None:
    err(text.rstrip())


def _rich(renderable: RenderableType | str, stderr: bool = False) -> None:
    console = _console(stderr)
    with console.capture() as captured:
        console.print(renderable)
    (sys.stderr if stderr else sys.stdout).write(scrub(captured.get()))


# --- post ----------------------------------------------------------------------------------------


def queued(answer: dict[str, Any], *, as_json: bool) -> None:
    if _quiet:
        return
    if as_json:
        out(json.dumps(answer, ensure_ascii=False))
    elif is_terminal():
        ident = answer["idMessage"]
        _rich(f"[green]✓[/green] Status queued [dim]· idMessage[/dim] [bold]{ident}[/bold]")
    else:
        out(str(answer["idMessage"]))


def dry_run(request: dict[str, Any], preview: dict[str, Any] | None, *, as_json: bool) -> None:
    """Show what would be sent: JSON for scripts, plain text when piped, a card on a terminal."""
    if as_json:
        out(json.dumps(request, ensure_ascii=False, indent=2))
        return
    body = json.dumps(request["body"], ensure_ascii=False, indent=2)
    head = f"{request['method']} {request['url']}\nContent-Type: application/json\n"
    if preview is None or not is_terminal():
        out(head)
        out(body)
        return
    _rich(preview_card(preview, request))


def preview_card(preview: dict[str, Any], request: dict[str, Any]) -> RenderableType:
    """A phone-sized card in the status colours, with the facts about the request beside it."""
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.syntax import Syntax
    from rich.table import Table
    from rich.text import Text

    colour = preview["background"]
    card = Panel(
        Text(preview["message"], style=f"bold #FFFFFF on {colour}", justify="center"),
        style=f"#FFFFFF on {colour}",
        box=box.ROUNDED,
        width=34,
        padding=(3, 2),
        title="preview",
        subtitle="dry run: nothing sent",
    )
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    verdict = preview["verdict"]
    verdict_style = {"fine": "green", "low contrast": "yellow"}.get(verdict, "red")
    facts.add_row("background", colour)
    facts.add_row("contrast", Text(f"{preview['contrast']:.2f}:1 {verdict}", style=verdict_style))
    facts.add_row("font", preview["font"] or "not set (WhatsApp's default)")
    recipients = preview["participants"]
    facts.add_row("recipients", ", ".join(recipients) if recipients else "all contacts")
    facts.add_row("length", f"{preview['units']} / 500")
    layout = Table.grid(padding=(0, 2))
    layout.add_row(card, facts)
    body = json.dumps(request["body"], ensure_ascii=False, indent=2)
    return Group(
        layout,
        Text(f"{request['method']} {request['url']}", style="bold", overflow="fold"),
        Syntax(body, "json", theme="ansi_dark", background_color="default", word_wrap=True),
    )


# --- fonts ---------------------------------------------------------------------------------------

# A terminal has one typeface; these attributes only hint at each font's character.
_FONT_LOOKS = {"script": "italic", "handwriting": "italic dim", "heavy condensed": "bold"}


def fonts(catalogue: Sequence[Any], *, as_json: bool) -> None:
    if as_json:
        out_json([f._asdict() for f in catalogue])
    elif is_terminal():
        from rich.table import Table

        table = Table(title="Status fonts (text is always white)")
        for column in ("name", "style", "sample", "note"):
            table.add_column(column)
        for font in catalogue:
            look = _FONT_LOOKS.get(font.style, "")
            table.add_row(
                f"[bold]{font.name}[/bold]",
                font.style,
                f"[{look}]{font.sample}[/]" if look else font.sample,
                font.note,
            )
        _rich(table)
    else:
        for font in catalogue:
            out(font.name)


# --- config --------------------------------------------------------------------------------------


def lines(values: Iterable[str]) -> None:
    for value in values:
        out(value)


def settings_table(rows: Sequence[tuple[str, str, str]], title: str, *, as_json: bool) -> None:
    """Rows of (key, shown value, source)."""
    if as_json:
        out_json({key: {"value": value, "source": source} for key, value, source in rows})
    elif is_terminal():
        from rich.table import Table

        table = Table(title=title, title_justify="left")
        for column in ("key", "value", "from"):
            table.add_column(column)
        for row in rows:
            table.add_row(*row)
        _rich(table)
    else:
        out(f"# {title}")
        for key, value, source in rows:
            out(f"{key} = {value}    # {source}")


def success(message: str) -> None:
    """A confirmation for a person: on stderr, so stdout stays for results."""
    if _quiet:
        return
    if is_terminal(sys.stderr):
        _rich(f"[green]✓[/green] {message}", stderr=True)
    else:
        err(message)


def ask(prompt: str, *, default: str | None = None, hidden: bool = False) -> str:
    """Ask on the terminal; callers make sure stdin and stdout are terminals first."""
    import typer

    return str(typer.prompt(prompt, default=default, hide_input=hidden, err=True))


# --- list, stats, delete -------------------------------------------------------------------------
# Server text is untrusted: cells are rich.text.Text (never parsed as markup), every field was
# cleaned of control characters and scrubbed in rules.statuses before anything shortens it.

_STATE_STYLES = {"read": "green", "delivered": "cyan", "sent": "yellow", "pending": "dim"}
_TEXT_WIDTH = 40


def note(message: str) -> None:
    """Information for a person about an empty or partial result; stderr, silenced by -q."""
    if not _quiet:
        err(f"greenstatus: note: {message}")


def _shorten(text: str, width: int) -> Any:
    """The first line, cut to `width` terminal cells with `…`; ` …` marks more lines."""
    from rich.text import Text

    from .rules.statuses import clean, first_line

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

    return Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        **options,
    )


def _fit(tables: Sequence[Any], records: Sequence[Sequence[tuple[str, Any]]]) -> None:
    """The first table that fits the terminal without cutting a value; else `key: value` lines."""
    from rich.console import Group
    from rich.text import Text

    console = _console()
    for table in tables:
        if _needed_width(table) <= console.width:
            _rich(table)
            return
    blocks: list[Any] = []
    for index, record in enumerate(records):
        if index:
            blocks.append(Text(""))
        for key, value in record:
            line = Text(f"{key}: ", style="dim")
            line.append(value if isinstance(value, Text) else Text(str(value)))
            blocks.append(line)
    _rich(Group(*blocks))


def _needed_width(table: Any) -> int:
    """The widest cell (or header) of every column, plus _light_table's spacing."""
    return sum(_column_width(c.header, c.cells) for c in table.columns) + _spacing(
        len(table.columns)
    )


def _column_width(header: Any, cells: Iterable[Any]) -> int:
    from rich.cells import cell_len
    from rich.text import Text

    def width(cell: Any) -> int:
        return cell.cell_len if isinstance(cell, Text) else cell_len(str(cell))

    return max([width(header), *(width(c) for c in cells)])


def _spacing(columns: int) -> int:
    """_light_table: a space of padding either side of a column except at the two edges, and a
    one-space rule between columns."""
    return 3 * columns - 3


def _swatch(color: str) -> Any:
    from rich.text import Text

    if not color:
        return Text("")
    swatch = Text("  ", style=f"on {color}")
    swatch.append(f" {color}")
    return swatch


def status_list(
    items: Sequence[Any], rows: Sequence[Any], *, incoming: bool, title: str, as_json: bool
) -> None:
    """getOutgoingStatuses/getIncomingStatuses: the items as JSON, a table, or TAB lines.

    On a terminal: every column when they fit, else without colour and font, else
    `key: value` lines.
    """
    from .rules.statuses import MISSING, first_line

    if as_json:
        out_json(list(items))
        return
    if not is_terminal():
        for r in rows:
            fields = (r.id_message, r.timestamp, r.kind, r.state)
            out("\t".join([*(f or MISSING for f in fields), first_line(r.text)]))
        return
    if not rows:
        return
    from rich.text import Text

    when = "received (UTC)" if incoming else "last action (UTC)"
    who = "sender" if incoming else "state"
    names = ("id", when, "kind", who, "text or caption", "colour", "font")
    records = []
    for r in rows:
        if incoming:
            state = Text(r.state or MISSING)
            if r.sender_name:
                state.append(f" {r.sender_name}", style="dim")
        else:
            state = Text(r.state or MISSING, style=_STATE_STYLES.get(r.state, ""))
        records.append(
            [
                Text(r.id_message or MISSING, style="bold"),
                Text(_short_time(r.timestamp) or MISSING),
                Text(r.kind, style="dim" if r.kind == "other" else ""),
                state,
                Text(first_line(r.text)),
                _swatch(r.color),
                Text(r.font),
            ]
        )
    # Every column is no_wrap: Rich would cut any of them to fit. The room left for the text is
    # worked out here, and the text alone is shortened to it.
    width = _console().width
    for shown, least in ((7, 16), (5, 8)):
        fixed = [i for i in range(shown) if i != 4]
        used = sum(_column_width(names[i], (cells[i] for cells in records)) for i in fixed)
        room = min(_TEXT_WIDTH, width - used - _spacing(shown))
        if room < least:
            continue
        caption = None if shown == 7 else "colour and font: a wider terminal, or --json"
        table = _light_table(title, caption=caption, caption_justify="left")
        for index, name in enumerate(names[:shown]):
            label = "text" if index == 4 and room < len(name) else name
            table.add_column(label, no_wrap=True, overflow="ellipsis")
        for r, cells in zip(rows, records, strict=True):
            table.add_row(*cells[:4], _shorten(r.text, room), *cells[5:shown])
        _rich(table)
        return
    _fit(
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
    from .rules.statuses import MISSING

    if as_json:
        out_json(list(items))
        return
    if not is_terminal():
        for s in stats:
            out("\t".join(f or MISSING for f in (s.participant, s.state, s.timestamp)))
        return
    if not stats:
        return
    from rich.text import Text

    names = ("participant", "state", "time (UTC)")
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
    records.append([("summary", Text(summary))])
    _fit([table], records)


def status_deleted(id_message: str) -> None:
    """Piped: the id, so a script can log it; on a terminal, a short line."""
    if _quiet:
        return
    if is_terminal():
        from rich.text import Text

        line = Text("✓ ", style="green")
        line.append("Status deleted ")
        line.append("· idMessage ", style="dim")
        line.append(id_message, style="bold")
        _rich(line)
    else:
        out(id_message)


def confirm(prompt: str) -> bool:
    """Ask yes or no on the terminal (callers check stdin and stdout are terminals first)."""
    import typer

    return bool(typer.confirm(prompt, default=False, err=True))
