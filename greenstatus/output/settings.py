"""What `config show` and `fonts` show: settings with their sources, the font catalogue."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from ..i18n import _, localized
from . import terminal
from .secrets import one_line
from .streams import out, out_json

# A terminal has one typeface; these attributes only hint at each font's character.
_FONT_LOOKS = {"script": "italic", "handwriting": "italic dim", "heavy condensed": "bold"}


def fonts(catalogue: Sequence[Any], *, as_json: bool) -> None:
    if as_json:
        out_json([f._asdict() for f in catalogue])
    elif terminal.is_terminal():
        from rich.table import Table
        from rich.text import Text

        header = ("name", "style", "sample", "note")
        label = dict(zip(header, (_("name"), _("style"), _("sample"), _("note")), strict=True))
        columns = [[label[h], *(str(getattr(f, h)) for f in catalogue)] for h in header[:2]]
        if not terminal.fits(columns, 2, terminal.width(sys.stdout)):
            terminal.key_value_lines(
                [(label[h], str(getattr(f, h))) for h in header if getattr(f, h)] for f in catalogue
            )
            return
        table = Table(title=_("Status fonts (text is always white)"))
        for column in header:
            if column in ("name", "style"):
                table.add_column(label[column], no_wrap=True)
            else:
                table.add_column(label[column], overflow="fold", min_width=terminal.PROSE_MIN)
        for font in catalogue:
            table.add_row(
                Text(font.name, style="bold"),
                Text(localized(font.style)),
                Text(font.sample, style=_FONT_LOOKS.get(font.style, "")),
                Text(localized(font.note)),
            )
        terminal.draw(table)
    else:
        for font in catalogue:
            out(font.name)


def settings_table(rows: Sequence[tuple[str, str, str]], title: str, *, as_json: bool) -> None:
    """Rows of (key, shown value, source)."""
    if as_json:
        out_json({key: {"value": value, "source": source} for key, value, source in rows})
    elif terminal.is_terminal():
        from rich.table import Table
        from rich.text import Text

        columns = [[_("key"), *(r[0] for r in rows)], [_("value"), *(r[1] for r in rows)]]
        if not terminal.fits(columns, 1, terminal.width(sys.stdout)):
            out(f"# {localized(title)}")
            for key, value, source in rows:
                out(f"{key}: {localized(value)}")
                out(_("    from: {source}", source=source))
            return
        # Text cells, not markup: a source such as "file [profiles.shop]" is shown as written.
        table = Table(title=Text(localized(title)), title_justify="left")
        table.add_column(_("key"), no_wrap=True)
        table.add_column(_("value"), no_wrap=True)
        table.add_column(_("from"), overflow="fold", min_width=terminal.PROSE_MIN)
        for row in rows:
            table.add_row(*(Text(one_line(cell)) for cell in row))
        terminal.draw(table)
    else:
        out(f"# {title}")
        for key, value, source in rows:
            out(f"{key} = {value}    # {source}")
