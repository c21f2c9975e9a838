"""Reading the journal: one entry, history, the outbox, what is due next, and `last`."""

from __future__ import annotations

from typing import Any

from ..rules.states import WAITING
from .db import Database
from .entries import Entry


class Queries(Database):
    """The journal's reads; each reads a range of one index."""

    def get(self, entry_id: int) -> Entry | None:
        return self._first("id = ?", (entry_id,))

    def history(self, id_instance: str, limit: int = 20, state: str | None = None) -> list[Entry]:
        """Newest first."""
        if state is None:
            return self._select("id_instance = ?", (id_instance, limit), "ORDER BY id DESC LIMIT ?")
        return self._select(
            "id_instance = ? AND state = ?", (id_instance, state, limit), "ORDER BY id DESC LIMIT ?"
        )

    def outbox(self, profile: str | None = None, limit: int = -1) -> list[Entry]:
        """The scheduled, pending and sending entries, soonest first."""
        marks = ",".join("?" * len(WAITING))
        where = f"state IN ({marks})" + (" AND profile = ?" if profile else "")
        params: list[Any] = [*WAITING, *([profile] if profile else []), limit]
        return self._select(where, params, "ORDER BY not_before, id LIMIT ?")

    def next_due(self, profile: str | None = None) -> Entry | None:
        """The scheduled or pending entry due soonest, to say when a flush has work."""
        where = "state IN ('scheduled', 'pending')" + (" AND profile = ?" if profile else "")
        return self._first(where, [profile] if profile else [], "ORDER BY not_before, id LIMIT 1")

    def last_queued(self, id_instance: str) -> Entry | None:
        """The `queued` entry GREEN-API queued most recently: what `stats last` and `delete last`
        mean. Not the highest id: a flush may send an old scheduled entry after newer posts."""
        return self._first(
            "id_instance = ? AND state = 'queued'",
            (id_instance,),
            "ORDER BY queued_at DESC, id DESC LIMIT 1",
        )

    def by_message(self, id_instance: str, id_message: str) -> Entry | None:
        return self._first(
            "id_instance = ? AND id_message = ?", (id_instance, id_message), "ORDER BY id DESC"
        )
