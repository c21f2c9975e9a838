"""What the terminal is: whether to draw, its width, colour, Rich consoles, and the table fitter.

Rich is imported only here and in the renderers, and only when something is drawn.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from ..i18n import localized
from . import streams

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

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


def console(stderr: bool = False) -> Console:
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


def draw(renderable: RenderableType | str, stderr: bool = False) -> None:
    """Rich's drawing of a renderable, written (scrubbed) through streams."""
    drawing = console(stderr)
    renderable = _in_language(renderable)
    with drawing.capture() as captured:
        drawing.print(renderable)
    streams.write(captured.get(), stderr=stderr)


def _in_language(renderable: Any) -> Any:
    """A renderable with every Message in it (markup, a panel's or table's title, headers,
    cells, a group's parts) in the person's language; Rich would show their English."""
    if isinstance(renderable, str):
        return localized(renderable)
    for name in ("title", "subtitle", "caption"):
        value = getattr(renderable, name, None)
        if isinstance(value, str):
            setattr(renderable, name, localized(value))
    for column in getattr(renderable, "columns", ()):
        column.header = _in_language(column.header)
        # Rich keeps a table's cells as given, to render them when drawn.
        cells = getattr(column, "_cells", None)
        if isinstance(cells, list):
            column._cells = [_in_language(c) for c in cells]
    inner = getattr(renderable, "renderable", None)
    if inner is not None and _in_language(inner) is not inner:
        renderable.renderable = _in_language(inner)
    parts = getattr(renderable, "_renderables", None)
    if isinstance(parts, list | tuple):
        renderable._renderables = [_in_language(p) for p in parts]
    return renderable


def escape(text: str) -> str:
    """Text made literal inside Rich markup: "[bold]" from a server is shown as written."""
    from rich.markup import escape

    return escape(text)


# --- the one table fitter -------------------------------------------------------------------------

PROSE_MIN = 16


def cell_width(cell: Any) -> int:
    """Terminal cells a Rich Text takes; a plain string counts its characters."""
    measured = getattr(cell, "cell_len", None)
    return (
        measured
        if isinstance(measured, int)
        else len(localized(cell) if isinstance(cell, str) else str(cell))
    )


def needed(whole: Iterable[Iterable[Any]], least: Sequence[int] = (), *, ruled: bool = True) -> int:
    """The width a table needs: each `whole` column (header and cells) unbroken, each column
    that may wrap or be cut at its `least` width, and the table's spacing. ruled: a bordered
    table (a space either side of every column, a rule between and at the edges); else a light
    one (no edge padding, a one-space rule between columns)."""
    widths = [max(map(cell_width, column), default=0) for column in whole] + list(least)
    spacing = 3 * len(widths) + 1 if ruled else 3 * len(widths) - 3
    return sum(widths) + spacing


def fits(whole: Sequence[Sequence[str]], prose: int, available: int) -> bool:
    """Whether a bordered table fits: the `whole` columns (names, ids, paths) unbroken,
    and `prose` more columns that may wrap, each at least a few words wide."""
    return needed(whole, [PROSE_MIN] * prose) <= available


def key_value_lines(records: Iterable[Sequence[tuple[str, str]]], *, bare: bool = True) -> None:
    """Records as `key: value` lines, a blank line between records: nothing is ever cut.

    bare: a key without a value is written `key:`; else `key: `, as history has always shown it.
    """
    for index, record in enumerate(records):
        if index:
            streams.out()
        for key, value in record:
            key = localized(key)
            streams.out(f"{key}: {value}" if value or not bare else f"{key}:")


def fit(tables: Sequence[Any], records: Sequence[Sequence[tuple[str, Any]]]) -> None:
    """Draw the first light table that fits the terminal without cutting a value; else the
    records as `key: value` lines, keys dimmed."""
    from rich.console import Group
    from rich.text import Text

    available = width(sys.stdout)
    for table in tables:
        if needed(([c.header, *c.cells] for c in table.columns), ruled=False) <= available:
            draw(table)
            return
    blocks: list[Any] = []
    for index, record in enumerate(records):
        if index:
            blocks.append(Text(""))
        for key, value in record:
            line = Text(f"{localized(key)}: ", style="dim")
            line.append(value if isinstance(value, Text) else Text(str(value)))
            blocks.append(line)
    draw(Group(*blocks))
