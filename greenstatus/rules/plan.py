"""A content plan: the CSV file `outbox import` reads, as a spreadsheet exports it.

Pure rules: the text in, rows (line number, column -> cell) out. Checking each row as
`post --at` would is compose.plan's job; storing them is the journal's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ..errors import UsageError
from ..i18n import _, ngettext

COLUMNS = ("at", "text", "media", "voice", "color", "font", "to", "profile")
MAX_ROWS = 1000
# 1,000 rows of 500 four-byte characters fit with room for the other columns.
MAX_BYTES = 16 * 1024 * 1024
_BOM = "\ufeff"
_SPACES = re.compile(r"\s+")


class PlanRow(NamedTuple):
    """One row of the plan: line is where it starts in the file (the header is line 1)."""

    line: int
    cells: dict[str, str]


class RowProblem(NamedTuple):
    """Why one row cannot be scheduled: its first line, the column at fault, the reason."""

    line: int
    column: str
    reason: str


def delimiter(header: str) -> str:
    """`;` when the header line holds more semicolons than commas (Excel in Russian locales
    writes `;`), else `,`."""
    return ";" if header.count(";") > header.count(",") else ","


def decode_plan(raw: bytes, name: str) -> str:
    """The file's text: UTF-8, a leading BOM dropped."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            _(
                "{name}: not UTF-8 (byte {offset}); save the CSV as UTF-8",
                name=name,
                offset=exc.start,
            )
        ) from None
    return text[len(_BOM) :] if text.startswith(_BOM) else text


def _header(fields: list[str], name: str) -> list[str]:
    columns = [field.strip().lower() for field in fields]
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise UsageError(
            _(
                "{name}: unknown column '{column}'; the columns are {known}",
                name=name,
                column=unknown[0],
                known=", ".join(COLUMNS),
            )
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise UsageError(
            _("{name}: column '{column}' appears twice", name=name, column=repeated[0])
        )
    if "at" not in columns:
        raise UsageError(_("{name}: the header has no 'at' column", name=name))
    return columns


def read_plan(text: str, name: str) -> list[PlanRow]:
    """The rows of a plan, blank lines skipped; UsageError for a file without a header, with
    an unknown or repeated column, a row of the wrong width, or more than MAX_ROWS rows."""
    import csv
    import io

    first = text.split("\n", 1)[0]
    if not first.strip():
        raise UsageError(_("{name}: no header row (the first line names the columns)", name=name))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(first), strict=True)
    try:
        columns = _header(next(reader), name)
        rows: list[PlanRow] = []
        line = reader.line_num + 1
        for fields in reader:
            start, line = line, reader.line_num + 1
            if not any(field.strip() for field in fields):
                continue
            if len(fields) > len(columns):
                raise UsageError(
                    _(
                        "{name}, line {line}: {count} fields, but the header names {columns}",
                        name=name,
                        line=start,
                        count=len(fields),
                        columns=len(columns),
                    )
                )
            rows.append(PlanRow(start, dict(zip(columns, fields, strict=False))))
            if len(rows) > MAX_ROWS:
                raise UsageError(
                    _("{name}: more than {limit} rows; split the plan", name=name, limit=MAX_ROWS)
                )
    except csv.Error as exc:
        raise UsageError(
            _("{name}, line {line}: {reason}", name=name, line=reader.line_num, reason=str(exc))
        ) from None
    return rows


def recipients_cell(value: str, is_one: Callable[[str], bool]) -> list[str]:
    """The `to` cell's entries, separated by commas or spaces: a piece that is_one entry as a
    whole (`+7 900 123-45-67`) stays one; otherwise its spaces separate entries."""
    entries: list[str] = []
    for piece in (piece.strip() for piece in value.split(",")):
        entries.extend([piece] if not piece or is_one(piece) else _SPACES.split(piece))
    return entries


def problems_summary(count: int) -> str:
    return ngettext(
        "{n} row cannot be scheduled; nothing was stored",
        "{n} rows cannot be scheduled; nothing was stored",
        count,
    )
