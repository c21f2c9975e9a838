"""Everything greenstatus shows: the only module that writes to stdout or stderr.

Plain text goes to pipes and files; Rich draws only on a terminal, and is imported only then.
Every line passes through scrub(), so a registered secret cannot be printed whole.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from .rules.untrusted import BEYOND_C0, clean

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

_secrets: set[str] = set()
_quiet = False


def register_secret(secret: str | None) -> None:
    """Remember a secret so nothing printed afterwards can show it whole."""
    if secret and len(secret) >= 4:
        _secrets.add(secret)


def forget_secrets() -> None:
    """Forget every secret (for tests that run many commands in one process)."""
    from .config import SEEN_SECRETS

    _secrets.clear()
    SEEN_SECRETS.clear()


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def scrub(text: str, extra: Iterable[str] = ()) -> str:
    """Mask every registered secret (and any in extra), and any FRAGMENT characters of one in a
    row, in any letter case and in any mix of %XX, JSON and repr escapes."""
    from .config import SEEN_SECRETS

    if len(text) < 4:
        return text
    for secret in {*_secrets, *SEEN_SECRETS, *(s for s in extra if s and len(s) >= 4)}:
        masker = _maskers.get(secret) or _maskers.setdefault(secret, _Masker(secret))
        text = masker.runs.sub(masker.mask_run, text)
    return text


FRAGMENT = 8
# One character as a message may spell it: %XX (or %25XX, encoded twice), a JSON or repr
# escape, or the character itself.
_ESCAPES = r"%(?:25)?([0-9A-Fa-f]{2})|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})|\\([\\\"'/])"
_UNIT = f"(?s){_ESCAPES}|(.)"


def _fold(text: str) -> str:
    """Lower case, keeping one character for one (so positions still line up)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) > 1 else c.lower() for c in text)


class _Masker:
    """One secret's pattern: runs of at least FRAGMENT (all, if shorter) characters it is made
    of, spelled any way; mask_run then finds the secret's own pieces in a run, decoded."""

    def __init__(self, secret: str) -> None:
        from .config import mask

        least = min(FRAGMENT, len(secret))
        raw = "[" + "".join(re.escape(c) for c in sorted(set(secret))) + "]"
        self.runs = re.compile(f"(?:{_ESCAPES}|{raw}){{{least},}}", re.I)
        self.secret = _fold(secret)
        grams = {self.secret[i : i + least] for i in range(len(secret) - least + 1)}
        self.grams = re.compile("|".join(map(re.escape, sorted(grams))))
        self.mask = mask(secret)

    def mask_run(self, match: re.Match[str]) -> str:
        run = match.group(0)
        if "%" in run or "\\" in run:
            spelled = list(re.finditer(_UNIT, run))
            units = [(u.start(), u.end()) for u in spelled]
            chars = _fold("".join(map(_decoded, spelled)))
        else:
            units, chars = [], _fold(run)
        parts: list[str] = []
        start = i = 0
        while found := self.grams.search(chars, i):
            i, end = found.start(), found.end()
            while end < len(chars) and chars[i : end + 1] in self.secret:
                end += 1
            begin, finish = (units[i][0], units[end - 1][1]) if units else (i, end)
            parts.append(run[start:begin])
            parts.append(self.mask if chars[i:end] == self.secret else "…")
            start, i = finish, end
        parts.append(run[start:])
        return "".join(parts)


_maskers: dict[str, _Masker] = {}


def _decoded(unit: re.Match[str]) -> str:
    byte, code, escaped, quoted, raw = unit.groups()
    if raw is not None:
        return raw
    if quoted is not None:
        return quoted
    return chr(int(byte or code or escaped, 16))


def one_line(text: str, limit: int | None = None, extra: Iterable[str] = ()) -> str:
    """Server or library text made safe to show: scrubbed, then one line, then shortened.

    The order matters: scrubbing after a cut would leave most of a secret standing.
    """
    text = clean(scrub(text, extra))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


# A JSON string literal (kept as it is), or a number JSON has not. Patterns of the JSON path
# are left to re's own cache, compiled on first use: most runs print no JSON.
_NON_FINITE = r'("(?:[^"\\]|\\.)*")|-?Infinity|NaN'


def json_text(data: Any, indent: int | None = None) -> str:
    """The one JSON writer: as ensure_ascii=False writes it, but with the characters a terminal
    acts on (C1 controls such as CSI, line separators, bidi overrides) escaped, the same JSON,
    inert; and NaN or Infinity (which a server may send, and JSON has not) written as null."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if "NaN" in text or "Infinity" in text:
        text = re.sub(_NON_FINITE, lambda m: m.group(1) or "null", text)
    return re.sub(f"[{BEYOND_C0}]+", _escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in match[0])


def _escape_markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)


FORCE_TTY_ENV = "GREENSTATUS_FORCE_TTY"


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _forced_tty(stream: Any) -> bool:
    """GREENSTATUS_FORCE_TTY (as gh's GH_FORCE_TTY): stdout drawn as on a terminal, for
    `| less -R`. stdout only: stderr and stdin are what they are."""
    return (
        stream is not None
        and stream is sys.stdout
        and os.environ.get(FORCE_TTY_ENV, "") not in ("", "0")
    )


def is_terminal(stream: Any = None) -> bool:
    """Whether to draw for a person (tables, colour) on this stream, stdout by default."""
    stream = stream or sys.stdout
    return _forced_tty(stream) or _isatty(stream)


def can_prompt() -> bool:
    """Whether a person can be asked: stdin and stdout are real terminals, whatever
    GREENSTATUS_FORCE_TTY says (a prompt must not land in a pager)."""
    forced = _forced_tty(sys.stdout)
    return is_terminal(sys.stdin) and (_isatty(sys.stdout) if forced else is_terminal(sys.stdout))


def _color_system(forced: bool) -> Literal["auto", "standard"] | None:
    """NO_COLOR (any value) and CLICOLOR=0 turn colour off on every stream, escapes and all.

    Rich reads TERM=dumb as no colour even when forced; GREENSTATUS_FORCE_TTY wins over TERM.
    """
    if os.environ.get("NO_COLOR", "") != "" or os.environ.get("CLICOLOR") == "0":
        return None
    if forced and os.environ.get("TERM", "") in ("dumb", "unknown"):
        return "standard"
    return "auto"


def width(stream: Any = None) -> int:
    """Columns to lay out for: $COLUMNS, else the terminal's own width, else 80.

    TERM=dumb says nothing about the width, so it is never taken to mean 80 columns.
    """
    import shutil

    columns = shutil.get_terminal_size((0, 0)).columns
    if columns <= 0:
        try:
            columns = os.get_terminal_size((stream or sys.stderr).fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(columns, 20)


def _console(stderr: bool = False) -> Console:
    import shutil

    from rich.console import Console

    # An explicit width, and a height: Rich takes TERM=dumb to mean 80x25 unless given both.
    stream = sys.stderr if stderr else sys.stdout
    forced = _forced_tty(stream)
    return Console(
        stderr=stderr,
        highlight=False,
        soft_wrap=False,
        width=width(stream),
        height=shutil.get_terminal_size().lines,
        force_terminal=True if forced else None,
        color_system=_color_system(forced),
    )


_PROSE_MIN = 16


def table_fits(whole: Sequence[Sequence[str]], prose: int, available: int) -> bool:
    """Whether a bordered Rich table fits: the `whole` columns (names, ids, paths) unbroken,
    and `prose` more columns that may wrap, each at least a few words wide."""
    needed = sum(max((len(cell) for cell in column), default=0) + 3 for column in whole)
    return needed + prose * (_PROSE_MIN + 3) + 1 <= available


def key_value_lines(records: Iterable[Sequence[tuple[str, str]]]) -> None:
    """Records as `key: value` lines, a blank line between records: nothing is ever cut."""
    for index, record in enumerate(records):
        if index:
            out()
        for key, value in record:
            out(f"{key}: {value}" if value else f"{key}:")


def _stdout() -> Any:
    if sys.stdout is None:
        # stdout was closed by the caller (>&-): the same as a reader that went away.
        import errno

        raise BrokenPipeError(errno.EPIPE, "stdout is closed")
    return sys.stdout


def _write_stdout(text: str) -> None:
    try:
        _stdout().write(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        # A full disk or an I/O error behind stdout: a one-line error, not a traceback.
        from .errors import OutputError

        raise OutputError(f"cannot write to stdout: {exc.strerror or exc}") from None


def out(line: str = "") -> None:
    """One plain line on stdout: scrubbed, and inert (no escape sequence reaches a terminal)."""
    _write_stdout(clean(scrub(line), layout=True) + "\n")


def raw(text: str) -> None:
    """Text on stdout exactly as given (a generated script)."""
    _write_stdout(text)


def out_json(data: Any) -> None:
    out(json_text(data, indent=2))


def err(line: str) -> None:
    _write_stderr(clean(scrub(line), layout=True) + "\n")


def _write_stderr(text: str) -> None:
    if sys.stderr is None:
        return
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        # A full disk or a closed reader behind stderr: there is nowhere left to say so, and
        # it must not change the exit code a script or cron acts on.
        pass


def warn(message: str) -> None:
    """A warning on stderr, unless --quiet: cron mails whatever a job prints."""
    if not _quiet:
        err(f"greenstatus: warning: {one_line(message)}")


def error(message: str) -> None:
    err(f"greenstatus: error: {one_line(message)}")


def error_json(exit_code: int, http_status: int | None, message: str) -> None:
    message = one_line(message)
    out(
        json_text(
            {"error": {"exit_code": exit_code, "http_status": http_status, "message": message}}
        )
    )


def debug_traceback(text: str) -> None:
    err(text.rstrip())


def _rich(renderable: RenderableType | str, stderr: bool = False) -> None:
    console = _console(stderr)
    with console.capture() as captured:
        console.print(renderable)
    (_write_stderr if stderr else _write_stdout)(scrub(captured.get()))


# --- post ----------------------------------------------------------------------------------------


def queued(answer: dict[str, Any], *, as_json: bool) -> None:
    if _quiet:
        return
    if as_json:
        out(json_text(answer))
    elif is_terminal():
        ident = _escape_markup(one_line(str(answer["idMessage"])))
        _rich(f"[green]✓[/green] Status queued [dim]· idMessage[/dim] [bold]{ident}[/bold]")
    else:
        out(one_line(str(answer["idMessage"])))


def dry_run(request: dict[str, Any], preview: dict[str, Any] | None, *, as_json: bool) -> None:
    """Show what would be sent: JSON for scripts, plain text when piped, a card on a terminal."""
    if as_json:
        out(json_text(request, indent=2))
        return
    body = json_text(request["body"], indent=2)
    head = f"{request['method']} {request['url']}\nContent-Type: application/json\n"
    if preview is None or not is_terminal():
        out(head)
        out(body)
        return
    _rich(preview_card(preview, request))
    if not _facts_fit_beside(preview, width(sys.stdout)):
        # Narrow: the URL and the body as plain lines, so the terminal wraps them and a copy
        # of either is exactly what would be sent.
        out(head.rstrip("\n"))
        out(body)


def _facts(preview: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(key, value, style) for the facts shown with the preview card."""
    verdict = preview["verdict"]
    verdict_style = {"fine": "green", "low contrast": "yellow"}.get(verdict, "red")
    recipients = preview["participants"]
    return [
        ("background", preview["background"], ""),
        ("contrast", f"{preview['contrast']:.2f}:1 {verdict}", verdict_style),
        ("font", preview["font"] or "not set (WhatsApp's default)", ""),
        ("recipients", ", ".join(recipients) if recipients else "all contacts", ""),
        ("length", f"{preview['units']} / 500", ""),
    ]


def _facts_fit_beside(preview: dict[str, Any], available: int) -> bool:
    return 34 + 2 + max(len(k) + 1 + len(v) for k, v, _ in _facts(preview)) <= available


def preview_card(
    preview: dict[str, Any], request: dict[str, Any], columns: int | None = None
) -> RenderableType:
    """A phone-sized card in the status colours, with the facts about the request beside it.

    When the facts do not fit beside the card, they follow it as `key: value` lines.
    """
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
    rows = _facts(preview)
    available = columns if columns is not None else width(sys.stdout)
    if not _facts_fit_beside(preview, available):
        # The facts follow the card as key: value lines; dry_run prints URL and body plainly.
        card.width = min(34, available)
        return Group(card, *(Text.assemble((f"{k}: ", "dim"), (v, s)) for k, v, s in rows))
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    for key, value, style in rows:
        facts.add_row(key, Text(value, style=style))
    layout = Table.grid(padding=(0, 2))
    layout.add_row(card, facts)
    body = json_text(request["body"], indent=2)
    return Group(
        layout,
        Text(f"{request['method']} {request['url']}", style="bold", overflow="fold"),
        Syntax(body, "json", theme="ansi_dark", background_color="default", word_wrap=True),
    )


# --- media and voice posts -----------------------------------------------------------------------


def dry_run_media(description: dict[str, Any], *, as_json: bool) -> None:
    """Both requests of a media post, in the order they would be made: the upload, the send."""
    if as_json:
        out(json_text(description, indent=2))
        return
    from .rules.media import human_size

    upload = description.get("upload")
    if upload is not None:
        out(f"{upload['method']} {upload['url']}")
        for key, value in upload["headers"].items():
            out(f"{key}: {value}")
        size = upload["size"]
        out(f"Content-Length: {size} ({human_size(size)}, the bytes of {upload['file']})")
        out("")
    out(f"{description['method']} {description['url']}\nContent-Type: application/json\n")
    out(json_text(description["body"], indent=2))


@contextmanager
def upload_progress(name: str, size: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for an upload over 1 MiB, drawn only on a terminal and never
    with --quiet; elsewhere the callback is None and nothing is drawn."""
    import os

    from .rules.media import PROGRESS_ABOVE

    if (
        _quiet
        or size <= PROGRESS_ABOVE
        or not is_terminal(sys.stderr)
        or os.environ.get("TERM") == "dumb"
    ):
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        # Not markup: a file may be called "[bold]sale.png".
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        DownloadColumn(binary_units=True),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    shown = one_line(name)
    with Progress(*columns, console=_console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"uploading {shown}", total=size)

        def update(sent: int) -> None:
            if sent < size:
                bar.update(task, completed=sent)
            else:
                # The server stores the file before it answers, for seconds on a large one: a
                # bar resting at 100% would look hung, so it pulses and says what it waits for.
                bar.update(
                    task,
                    completed=sent,
                    total=None,
                    description=f"{shown} sent, waiting for the server",
                )

        yield update


# --- fonts ---------------------------------------------------------------------------------------

# A terminal has one typeface; these attributes only hint at each font's character.
_FONT_LOOKS = {"script": "italic", "handwriting": "italic dim", "heavy condensed": "bold"}


def fonts(catalogue: Sequence[Any], *, as_json: bool) -> None:
    if as_json:
        out_json([f._asdict() for f in catalogue])
    elif is_terminal():
        from rich.table import Table
        from rich.text import Text

        header = ("name", "style", "sample", "note")
        columns = [[h, *(str(getattr(f, h)) for f in catalogue)] for h in header[:2]]
        if not table_fits(columns, 2, width(sys.stdout)):
            key_value_lines(
                [(h, str(getattr(f, h))) for h in header if getattr(f, h)] for f in catalogue
            )
            return
        table = Table(title="Status fonts (text is always white)")
        for column in header:
            if column in ("name", "style"):
                table.add_column(column, no_wrap=True)
            else:
                table.add_column(column, overflow="fold", min_width=_PROSE_MIN)
        for font in catalogue:
            table.add_row(
                Text(font.name, style="bold"),
                Text(font.style),
                Text(font.sample, style=_FONT_LOOKS.get(font.style, "")),
                Text(font.note),
            )
        _rich(table)
    else:
        for font in catalogue:
            out(font.name)


# --- config --------------------------------------------------------------------------------------


def lines(values: Iterable[str]) -> None:
    """One line per value: a line break inside a value (a server's) cannot start another."""
    for value in values:
        out(" ".join(value.splitlines()))


def settings_table(rows: Sequence[tuple[str, str, str]], title: str, *, as_json: bool) -> None:
    """Rows of (key, shown value, source)."""
    if as_json:
        out_json({key: {"value": value, "source": source} for key, value, source in rows})
    elif is_terminal():
        from rich.table import Table
        from rich.text import Text

        columns = [["key", *(r[0] for r in rows)], ["value", *(r[1] for r in rows)]]
        if not table_fits(columns, 1, width(sys.stdout)):
            out(f"# {title}")
            for key, value, source in rows:
                out(f"{key}: {value}")
                out(f"    from: {source}")
            return
        # Text cells, not markup: a source such as "file [profiles.shop]" is shown as written.
        table = Table(title=Text(title), title_justify="left")
        table.add_column("key", no_wrap=True)
        table.add_column("value", no_wrap=True)
        table.add_column("from", overflow="fold", min_width=_PROSE_MIN)
        for row in rows:
            table.add_row(*(Text(one_line(cell)) for cell in row))
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
        from rich.markup import escape

        # Escaped: a path or value such as "[profiles.shop]" is shown as written.
        _rich(f"[green]✓[/green] {escape(one_line(message))}", stderr=True)
    else:
        err(one_line(message))


def ask(prompt: str, *, default: str | None = None, hidden: bool = False) -> str:
    """Ask on the terminal; callers make sure stdin and stdout are terminals first."""
    import typer

    return str(typer.prompt(one_line(prompt), default=default, hide_input=hidden, err=True))


def flush_stdout() -> None:
    """Push the result out now, so a failure to write it is seen while it can be handled."""
    if sys.stdout is not None:
        sys.stdout.flush()


def queued_on_stderr(answer: dict[str, Any], why: BaseException) -> None:
    """The id of a queued status, when stdout could not take it: a queued status is a success.

    stdout is then replaced by a sink, so the final flush cannot turn success into a failure.
    """
    import os

    reason = type(why).__name__ if not isinstance(why, OSError) else (why.strerror or "closed")
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until the process ends
    except OSError:
        pass
    try:
        err(
            f"greenstatus: queued {one_line(str(answer.get('idMessage')))} "
            f"(stdout could not take it: {one_line(reason)})"
        )
    except (OSError, ValueError, AttributeError):
        pass


# --- list, stats, delete -------------------------------------------------------------------------
# Server text is untrusted: cells are rich.text.Text (never parsed as markup), every field was
# cleaned of control characters and scrubbed in rules.statuses before anything shortens it.

_STATE_STYLES = {"read": "green", "delivered": "cyan", "sent": "yellow", "pending": "dim"}
_TEXT_WIDTH = 40


def note(message: str) -> None:
    """Information for a person about an empty or partial result; stderr, silenced by -q."""
    if not _quiet:
        err(f"greenstatus: note: {one_line(message)}")


def _shorten(text: str, width: int) -> Any:
    """The first line, cut to `width` terminal cells with `…`; ` …` marks more lines."""
    from rich.text import Text

    from .rules.statuses import first_line

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
        line.append(one_line(id_message), style="bold")
        _rich(line)
    else:
        out(one_line(id_message))


def delete_prompt(id_message: str, entry: Any) -> str:
    """What `delete` asks: the id, and from the journal the first line and when it was queued."""
    shown = one_line(id_message)
    if entry is None:
        return f"Delete status {shown} from WhatsApp?"
    first = one_line(entry.first_line, 60)
    when = local_time(entry.queued_at if entry.queued_at is not None else entry.updated)
    return f'Delete status {shown} "{first}" (queued {when}) from WhatsApp?'


def stderr_time(moment: str) -> str:
    """A journal time in a message on stderr: local when a person reads it, else as stored."""
    return local_time(moment) if is_terminal(sys.stderr) else moment


def local_time(moment: str | float | None) -> str:
    """A journal time (ISO 8601 UTC, or seconds since the epoch) in local time, for a person
    at a terminal; as stored when it cannot be read (a row edited by hand)."""
    from datetime import UTC, datetime

    try:
        if isinstance(moment, int | float):
            when = datetime.fromtimestamp(moment, UTC)
        else:
            when = datetime.strptime(str(moment), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        return when.astimezone().strftime("%Y-%m-%d %H:%M %Z")
    except (ValueError, OverflowError, OSError):
        return one_line(str(moment))


def confirm(prompt: str) -> bool:
    """Ask yes or no on the terminal (callers check stdin and stdout are terminals first)."""
    import typer

    return bool(typer.confirm(one_line(prompt), default=False, err=True))


# --- journal: post's outcomes, history, outbox ---------------------------------------------------


def remark(message: str) -> None:
    """A remark for a person on stderr (not an error), unless --quiet."""
    if not _quiet:
        err(f"greenstatus: {one_line(message)}")


def scheduled(entry_id: int, not_before: str, *, as_json: bool) -> None:
    if _quiet:
        return
    if as_json:
        out(json_text({"outbox_id": entry_id, "not_before": not_before}))
    elif is_terminal():
        _rich(
            f"[green]✓[/green] Scheduled [dim]· outbox entry[/dim] [bold]{entry_id}[/bold] "
            f"[dim]· due[/dim] {_escape(local_time(not_before))} "
            "[dim](sent by 'greenstatus outbox flush')[/dim]"
        )
    else:
        out(str(entry_id))


def duplicate_queued(earlier: Any, as_json: bool) -> None:
    """A repeat of a queued status: the earlier idMessage, as a post would print it; on a
    terminal, that it was already queued, and when (local time)."""
    id_message = earlier.id_message or ""
    if is_terminal() and not as_json:
        if not _quiet:
            when = local_time(
                earlier.queued_at if earlier.queued_at is not None else earlier.updated
            )
            _rich(
                f"[yellow]=[/yellow] Already queued at {_escape(when)} [dim]· idMessage[/dim] "
                f"[bold]{_escape(one_line(id_message))}[/bold] [dim](journal entry "
                f"{earlier.id}; not sent again, --allow-duplicate sends it anyway)[/dim]"
            )
        return
    remark(
        f"the same status was queued at {earlier.updated} (journal entry {earlier.id}); not "
        "sent again (--allow-duplicate sends it anyway)"
    )
    if as_json:
        if not _quiet:
            out(json_text({"idMessage": id_message, "duplicate": True}))
        return
    queued({"idMessage": id_message}, as_json=False)


def duplicate_waiting(entry_id: int, state: str, not_before: str, as_json: bool) -> None:
    remark(
        f"the same status is already in the outbox as {entry_id} ({state}, due "
        f"{stderr_time(not_before)}); "
        "not added again"
    )
    if as_json and not _quiet:
        out(json_text({"outbox_id": entry_id, "duplicate": True}))


def _journal_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table that cuts nothing but the last column's text; below the width it needs,
    `key: value` lines instead, one block per entry."""
    from rich.table import Table
    from rich.text import Text

    console = _console()
    fixed = [max([len(column), *(len(row[i]) for row in rows)]) for i, column in enumerate(columns)]
    needed = sum(fixed[:-1]) + min(fixed[-1], 12) + 3 * len(columns) + 1
    if console.width < needed:
        blocks = []
        for row in rows:
            blocks.append(
                "\n".join(f"{c}: {one_line(v)}" for c, v in zip(columns, row, strict=True))
            )
        out("\n\n".join(blocks))
        return
    table = Table(title=Text(title), title_justify="left")
    for index, column in enumerate(columns):
        last = index == len(columns) - 1
        table.add_column(column, no_wrap=not last, overflow="fold" if last else "ellipsis")
    for row in rows:
        table.add_row(*(_escape(one_line(cell)) for cell in row))
    _rich(table)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


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
    elif is_terminal():
        if not entries:
            err("The outbox is empty.")
            return
        rows = [
            (str(e.id), local_time(e.not_before), e.state, e.profile, str(e.attempts), e.first_line)
            for e in entries
        ]
        _journal_table("Outbox", ("id", "due", "state", "profile", "tries", "text"), rows)
    else:
        for e in entries:
            out(f"{e.id}\t{e.not_before}\t{e.state}\t{clean(e.profile)}\t{clean(e.first_line)}")


def history(entries: Sequence[Any], *, as_json: bool) -> None:
    """Journal entries, newest first."""
    if as_json:
        out_json([e.public() for e in entries])
    elif is_terminal():
        if not entries:
            err("No journal entries for this instance.")
            return
        rows = [
            (str(e.id), local_time(e.created), e.state, e.id_message or "-", e.kind, e.first_line)
            for e in entries
        ]
        _journal_table("History", ("id", "created", "state", "idMessage", "kind", "text"), rows)
    else:
        for e in entries:
            out(
                f"{e.id}\t{e.created}\t{e.state}\t{clean(e.id_message or '-')}\t{e.kind}\t"
                f"{clean(e.first_line)}"
            )


def flushed(entry_id: int, id_message: str) -> None:
    """One entry the flush queued."""
    if _quiet:
        return
    id_message = one_line(id_message)
    if is_terminal():
        _rich(
            f"[green]✓[/green] outbox entry [bold]{entry_id}[/bold] queued "
            f"[dim]· idMessage[/dim] [bold]{_escape(id_message)}[/bold]"
        )
    else:
        out(f"{entry_id}\t{id_message}")


def flush_json(results: Sequence[dict[str, Any]]) -> None:
    out_json(list(results))


def flush_idle(next_due: Any) -> None:
    """A flush on a terminal that found nothing due says so, and when the next entry is due;
    piped (cron) and with -q it stays silent."""
    if _quiet or not is_terminal():
        return
    if next_due is None:
        err("Nothing is due: the outbox is empty.")
    else:
        err(
            f"Nothing is due yet: the next entry ({next_due.id}) is due at "
            f"{local_time(next_due.not_before)}."
        )
