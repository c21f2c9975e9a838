"""What `outbox import` shows: the rows it scheduled, the repeats it skipped, the bad rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import _, localized
from ..rules.untrusted import clean
from .streams import error, json_text, out, remark, warn
from .times import stderr_time


def plan_problems(problems: Sequence[Any]) -> None:
    """One line on stderr per row that cannot be scheduled: its line, column and reason."""
    for problem in problems:
        error(
            _(
                "line {line}, column {column}: {reason}",
                line=problem.line,
                column=problem.column,
                reason=" ".join(localized(problem.reason).splitlines()),
            )
        )


def plan_warning(line: int, message: str) -> None:
    warn(_("line {line}: {message}", line=line, message=message))


def plan_rows(rows: Sequence[dict[str, Any]], *, as_json: bool) -> None:
    """Each row's outcome. rows hold line, outbox_id (None: a dry run or a repeat),
    not_before (ISO 8601 UTC), duplicate, repeats (the earlier entry's id or None) and text.
    Piped or on a terminal: `id<TAB>not_before<TAB>first line` per scheduled row ('-' for
    the id in a dry run); a repeat gets a note on stderr instead. In a dry run (no
    outbox_id), a row's `file` (the local file the outbox would copy, or None) is named on
    stderr, resolved, so a relative path's folder is plain."""
    for row in rows:
        if not row["duplicate"]:
            if row["outbox_id"] is None and row.get("file"):
                remark(_("line {line}: would copy {path}", line=row["line"], path=row["file"]))
            continue
        if row["repeats"] is not None:
            remark(
                _(
                    "line {line} repeats outbox entry {id} (due {due}); skipped",
                    line=row["line"],
                    id=row["repeats"],
                    due=stderr_time(row["not_before"]),
                )
            )
        else:
            remark(_("line {line} repeats an earlier row; skipped", line=row["line"]))
    if as_json:
        keys = ("line", "outbox_id", "not_before", "duplicate")
        out(json_text([{key: row[key] for key in keys} for row in rows], indent=2))
        return
    for row in rows:
        if not row["duplicate"]:
            ident = "-" if row["outbox_id"] is None else str(row["outbox_id"])
            out(f"{ident}\t{row['not_before']}\t{clean(row['text'])}")
