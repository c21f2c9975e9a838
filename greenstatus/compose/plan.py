"""Each row of a content plan checked exactly as `post --at` checks its command line.

The same functions run: rules.when.due_time for `at`, compose.text.prepare for a text
status, compose.inputs.prepare for `media`/`voice`. A row's first failing check is its
problem; the column is the one whose value the check read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from ..errors import ConfigError, UsageError
from ..i18n import _
from ..rules import colors, fonts, recipients
from ..rules.plan import COLUMNS, PlanRow, RowProblem, recipients_cell
from .text import Options

if TYPE_CHECKING:
    from ..config import Settings
    from .media import PreparedMedia
    from .text import Prepared


class CheckedRow(NamedTuple):
    """A row that passed every check: what to schedule, for which profile, and when."""

    line: int
    settings: Settings
    due: datetime
    prepared: Prepared | PreparedMedia
    warnings: list[str]

    @property
    def is_text(self) -> bool:
        return isinstance(self.prepared.body, dict)

    def first_line(self) -> str:
        """The text's or caption's first line, else the file name, as the outbox shows it."""
        prepared = self.prepared
        body = prepared.body if isinstance(prepared.body, dict) else prepared.body()
        words = str(body.get("message") or body.get("caption") or body.get("fileName") or "")
        return (words.splitlines() or [""])[0]


def _one_number(piece: str) -> bool:
    try:
        recipients.normalise_one(piece)
    except UsageError:
        return False
    return True


def recipients_of(cell: str) -> list[str]:
    """The `to` cell as --to values (numbers now). The seam for contact names (issue 18):
    a name is one entry as a whole, so it joins the _one_number test here."""
    return recipients_cell(cell, _one_number) if cell.strip() else []


def media_path(value: str, base: str) -> str:
    """A local media path relative to the plan's folder; a URL or absolute path as given."""
    from ..rules import media

    if media.is_url(value) or media.looks_like_url(value) or os.path.isabs(value):
        return value
    return os.path.join(base, value)


def _probe(cells: dict[str, str]) -> None:
    """The checks of one column each, so a failure names its column (the full prepare runs
    them again, in post's order, as part of the status)."""
    column = ""
    try:
        if cells["color"]:
            column = "color"
            colors.parse_color(cells["color"])
        if cells["font"]:
            column = "font"
            fonts.parse_font(cells["font"])
        if cells["to"]:
            column = "to"
            recipients.normalise_all(recipients.split_values(recipients_of(cells["to"])))
    except UsageError as exc:
        raise _Fault(column, exc.message) from None


class _Fault(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _status(cells: dict[str, str], settings: Settings, base: str) -> Prepared | PreparedMedia:
    from .inputs import prepare as prepare_media
    from .text import prepare

    options = Options(
        color=cells["color"] or None,
        font=cells["font"] or None,
        to=recipients_of(cells["to"]),
    )
    kind = "voice" if cells["voice"] else "media" if cells["media"] else "text"
    try:
        if kind == "text":
            return prepare(cells["text"].encode("utf-8"), options, settings)
        if cells["text"] and kind == "media":
            from .media import caption_from

            try:
                caption_from(cells["text"].encode("utf-8"), False)
            except UsageError as exc:
                raise _Fault("text", exc.message) from None
        target = media_path(cells[kind], base)
        return prepare_media(
            target if kind == "media" else None,
            target if kind == "voice" else None,
            cells["text"] or None,
            None,
            None,
            options,
            settings,
            stdin_is_terminal=True,  # the plan's cells are the whole post: stdin is never read
        )
    except UsageError as exc:
        raise _Fault(kind, exc.message) from None


def check_row(
    row: PlanRow,
    base: str,
    settings_for: Callable[[str | None], Settings],
    now: datetime,
) -> CheckedRow:
    """One row checked as `post --at` checks it; _Fault names the column at fault."""
    from ..rules import when

    cells = {column: row.cells.get(column, "") for column in COLUMNS}
    cells["at"] = cells["at"].strip()
    if not cells["at"]:
        raise _Fault("at", _("empty; give the time to post, as for --at"))
    try:
        due = when.due_time(cells["at"], None, now)
    except UsageError as exc:
        raise _Fault("at", exc.message) from None
    assert due is not None
    profile = cells["profile"].strip() or None
    try:
        settings = settings_for(profile)
    except ConfigError as exc:
        if profile is None:
            raise  # the command line's profile: one error for the whole file
        raise _Fault("profile", exc.message) from None
    if cells["media"] and cells["voice"]:
        raise _Fault("voice", _("a row takes media or voice, not both"))
    _probe(cells)
    prepared = _status(cells, settings, base)
    return CheckedRow(row.line, settings, due, prepared, list(prepared.warnings))


def check_rows(
    rows: list[PlanRow],
    base: str,
    settings_for: Callable[[str | None], Settings],
    now: datetime,
) -> tuple[list[CheckedRow], list[RowProblem]]:
    """Every row checked (none stops the others): the rows that pass, and one problem for
    each row that does not, in the file's order."""
    checked: list[CheckedRow] = []
    problems: list[RowProblem] = []
    for row in rows:
        try:
            checked.append(check_row(row, base, settings_for, now))
        except _Fault as fault:
            problems.append(RowProblem(row.line, fault.column, fault.reason))
    return checked, problems
