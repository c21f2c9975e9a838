"""What GREEN-API's journal taught us: unknown entries settled, the delivery seen, reports' rows."""

from __future__ import annotations

from .db import Database
from .entries import Entry
from .times import iso, utcnow


class Delivery(Database):
    """Reads and writes of `sync`, `post --wait` and `report`."""

    def unsettled(self, id_instance: str, since: str) -> list[Entry]:
        """Entries created since `since` (ISO UTC) that GREEN-API's journal may settle: the
        `unknown` ones, and the `queued` ones whose delivery may still change, oldest first."""
        return self._select(
            "id_instance = ? AND created >= ? AND (state = 'unknown' OR (state = 'queued' "
            "AND id_message IS NOT NULL AND (delivery IS NULL OR delivery != 'read')))",
            (id_instance, since),
            "ORDER BY id",
        )

    def linked_ids(self, id_instance: str) -> set[str]:
        """Every idMessage an entry of the instance already holds."""
        with self._storage():
            rows = self._db.execute(
                "SELECT id_message FROM entries WHERE id_instance = ? AND id_message IS NOT NULL",
                (id_instance,),
            ).fetchall()
        return {str(value) for (value,) in rows}

    def settle(
        self,
        entry_id: int,
        old: str,
        new: str,
        *,
        id_message: str | None = None,
        note: str | None = None,
    ) -> bool:
        """Move an entry from `old` to `new`, only if it is still `old` (another process may
        have settled it meanwhile) and no other entry of the instance holds `id_message` (a
        sync running at the same time may have linked it); True when it moved."""
        # A settled entry was queued when it was sent, not now: `last` must not take an old
        # status that sync found for the newest one.
        with self._write() as db:
            cursor = db.execute(
                "UPDATE entries SET state = ?, updated = ?, id_message = COALESCE(?, id_message), "
                "last_error = COALESCE(?, last_error), queued_at = CASE WHEN ? = 'queued' "
                "THEN COALESCE(queued_at, CAST(strftime('%s', created) AS REAL)) "
                "ELSE queued_at END WHERE id = ? AND state = ? AND (? IS NULL OR NOT EXISTS "
                "(SELECT 1 FROM entries AS other WHERE other.id_message = ? "
                "AND other.id_instance = entries.id_instance AND other.id != entries.id))",
                (new, iso(utcnow()), id_message, note, new, entry_id, old, id_message, id_message),
            )
            return bool(cursor.rowcount)

    def note(self, entry_id: int, note: str) -> None:
        """Say why an entry stays as it is (an ambiguous match)."""
        with self._write() as db:
            db.execute("UPDATE entries SET last_error = ? WHERE id = ?", (note, entry_id))

    def set_delivery(self, id_instance: str, id_message: str, delivery: str) -> None:
        """The last statusMessage seen for a queued status."""
        with self._write() as db:
            db.execute(
                "UPDATE entries SET delivery = ? WHERE id_instance = ? AND id_message = ?",
                (delivery, id_instance, id_message),
            )

    def queued_since(self, id_instance: str, since: str, limit: int) -> list[Entry]:
        """The instance's `queued` entries created since `since`, newest first: `report`."""
        return self._select(
            "id_instance = ? AND state = 'queued' AND id_message IS NOT NULL AND created >= ?",
            (id_instance, since, limit),
            "ORDER BY created DESC, id DESC LIMIT ?",
        )
