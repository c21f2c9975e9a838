"""A content plan's entries: every row stored in one transaction, or none.

A row repeats an entry when the instance, kind, fingerprint (the body, or the media's key)
and due time match an entry in a guarded state, whatever its age, or an earlier row of the
same plan: so importing a file twice adds nothing, while the same text on two days is two
entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..rules.states import GUARDED
from .db import Database
from .entries import SELECTED, Entry, NewEntry, read_row
from .guard import insert
from .times import iso, utcnow

if TYPE_CHECKING:
    from .db import Connection


class Planned(NamedTuple):
    """What became of one row: its new entry (None when only checked), or duplicate with
    the entry it repeats (None for an earlier row of a plan that was only checked)."""

    entry: Entry | None
    duplicate: bool = False
    repeats: Entry | None = None


_MARKS = ",".join("?" * len(GUARDED))


def _key(new: NewEntry) -> tuple[str, str, str, str]:
    return (new.id_instance, new.kind, new.fingerprint, iso(new.not_before or utcnow()))


def _earlier(db: Connection, new: NewEntry) -> Entry | None:
    row = db.execute(
        f"SELECT {SELECTED} FROM entries WHERE id_instance = ? AND kind = ? AND fingerprint = ? "
        f"AND not_before = ? AND state IN ({_MARKS}) ORDER BY id LIMIT 1",
        (*_key(new), *GUARDED),
    ).fetchone()
    return None if row is None else read_row(row)


class Plans(Database):
    """`outbox import`'s side of the journal."""

    def add_plan(self, rows: list[NewEntry], *, store: bool = True) -> list[Planned]:
        """Each row's new entry or the entry it repeats, all in one BEGIN IMMEDIATE
        transaction: a crash or kill -9 part-way leaves every row or none. store=False looks
        the repeats up and adds nothing (--dry-run)."""
        now = utcnow()
        seen: dict[tuple[str, str, str, str], Entry | None] = {}
        done: list[Planned] = []
        with self._write() as db:
            for new in rows:
                key = _key(new)
                earlier = seen[key] if key in seen else _earlier(db, new)
                if key in seen or earlier is not None:
                    seen[key] = earlier
                    done.append(Planned(None, True, earlier))
                    continue
                entry = None
                if store:
                    cursor = insert(db, new, now)
                    found = db.execute(
                        f"SELECT {SELECTED} FROM entries WHERE id = ?", (cursor.lastrowid,)
                    ).fetchone()
                    entry = read_row(found)
                seen[key] = entry
                done.append(Planned(entry))
        return done
