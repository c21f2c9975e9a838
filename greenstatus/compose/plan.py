"""Each row of a content plan checked exactly as `post --at` checks its command line.

The same functions run: rules.when.due_time for `at`, compose.text.prepare for a text
status, compose.inputs.prepare for `media`/`voice`. A row's first failing check is its
problem; the column is the one whose value the check read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from ..errors import ConfigError, UsageError
from ..i18n import _
from ..rules import colors, fonts, phones, recipients
from ..rules.plan import COLUMNS, PlanRow, RowProblem, recipients_cell
from .text import Options

if TYPE_CHECKING:
    from ..config import Settings
    from .media import PreparedMedia
    from .text import Prepared

# The command's turn of a row's `to` entries (None: an empty cell, so the profile's
# participants apply) into (participants, warnings): the Options.audience post uses.
Audience: TypeAlias = Callable[[list[str] | None], tuple[list[str], list[str]]]


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

    def local_file(self) -> str | None:
        """The absolute path of the local file the outbox would keep a copy of; None for
        text, a URL or a voice file given as a URL."""
        path = getattr(self.prepared, "path", None)
        return None if path is None else os.path.abspath(path)

    def first_line(self) -> str:
        """The text's or caption's first line, else the file name, as the outbox shows it."""
        prepared = self.prepared
        body = prepared.body if isinstance(prepared.body, dict) else prepared.body()
        words = str(body.get("message") or body.get("caption") or body.get("fileName") or "")
        return (words.splitlines() or [""])[0]


def _one_entry(piece: str) -> bool:
    """A comma-separated piece that is one recipient as a whole: a contact name (spaces and
    all, as `Anna Petrova`) or one number written with spaces."""
    if phones.is_name(piece):
        return True
    try:
        recipients.normalise_one(piece)
    except UsageError:
        return False
    return True


def recipients_of(cell: str) -> list[str]:
    """The `to` cell as --to entries: numbers or contact names. A name is one entry as a
    whole, up to its comma; numbers may also be separated by spaces."""
    return recipients_cell(cell, _one_entry) if cell.strip() else []


def media_path(value: str, base: str) -> str:
    """A local media path relative to the plan's folder; a URL or absolute path as given."""
    from ..rules import media

    if media.is_url(value) or media.looks_like_url(value) or os.path.isabs(value):
        return value
    return os.path.join(base, value)


def _probe(cells: dict[str, str], audience: Audience | None) -> Audience | None:
    """The checks of one column each, so a failure names its column (the full prepare runs
    them again, in post's order, as part of the status). Returns the audience for the
    row's status: its `to` turned once (names matched, numbers read in the profile's
    region), so that a name is looked up once per row."""
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
            given = recipients.split_values(recipients_of(cells["to"]))
            if audience is None:
                recipients.normalise_all(given)
                return None
            turned = audience(given)
            return lambda _given: turned
    except UsageError as exc:
        raise _Fault(column, exc.message) from None
    return audience


class _Fault(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _status(
    cells: dict[str, str], settings: Settings, base: str, audience: Audience | None
) -> Prepared | PreparedMedia:
    from .inputs import prepare as prepare_media
    from .text import prepare

    options = Options(
        color=cells["color"] or None,
        font=cells["font"] or None,
        to=recipients_of(cells["to"]),
        audience=audience,
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
    audience_for: Callable[[Settings], Audience] | None = None,
) -> CheckedRow:
    """One row checked as `post --at` checks it; _Fault names the column at fault.

    audience_for(settings): the command's Options.audience for the row's profile (post's
    sending.recipients: names, the region, the audience check); None takes numbers only."""
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
    audience = _probe(cells, None if audience_for is None else audience_for(settings))
    prepared = _status(cells, settings, base, audience)
    return CheckedRow(row.line, settings, due, prepared, list(prepared.warnings))


def check_rows(
    rows: list[PlanRow],
    base: str,
    settings_for: Callable[[str | None], Settings],
    now: datetime,
    audience_for: Callable[[Settings], Audience] | None = None,
) -> tuple[list[CheckedRow], list[RowProblem]]:
    """Every row checked (none stops the others): the rows that pass, and one problem for
    each row that does not, in the file's order."""
    checked: list[CheckedRow] = []
    problems: list[RowProblem] = []
    for row in rows:
        try:
            checked.append(check_row(row, base, settings_for, now, audience_for))
        except _Fault as fault:
            problems.append(RowProblem(row.line, fault.column, fault.reason))
    return checked, problems
