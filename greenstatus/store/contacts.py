"""Kept contacts: GetContacts' answer for one instance, as fetched, with the time it was fetched.

One row per instance (schema 3's `contacts` table). The body is kept as the server's JSON text,
so `contacts --json` and the audience check read what GetContacts said, not a copy of a copy.
"""

from __future__ import annotations

import time
from typing import NamedTuple

from .db import Database

# The contract's "later commands use that copy for 24 hours; an older copy counts as none".
FRESH_FOR = 24 * 3600.0


class KeptContacts(NamedTuple):
    """GetContacts' JSON text and when it was fetched (seconds since the epoch)."""

    body: str
    fetched: float


class Contacts(Database):
    """The kept GetContacts answer of each instance."""

    def keep_contacts(self, id_instance: str, body: str, fetched: float | None = None) -> None:
        """Keep body (GetContacts' JSON text) as the instance's contacts, replacing any older."""
        with self._write() as db:
            db.execute(
                "INSERT INTO contacts (id_instance, fetched, body) VALUES (?, ?, ?) "
                "ON CONFLICT (id_instance) DO UPDATE SET fetched = excluded.fetched, "
                "body = excluded.body",
                (id_instance, time.time() if fetched is None else fetched, body),
            )

    def kept_contacts(self, id_instance: str, now: float | None = None) -> KeptContacts | None:
        """The instance's kept contacts if fetched within FRESH_FOR seconds, else None.

        A copy from the future (the clock was set back) counts as none: its age is unknown.
        """
        with self._storage():
            row = self._db.execute(
                "SELECT body, fetched FROM contacts WHERE id_instance = ?", (id_instance,)
            ).fetchone()
        if row is None:
            return None
        body, fetched = row
        age = (time.time() if now is None else now) - float(fetched)
        if not isinstance(body, str) or not 0 <= age < FRESH_FOR:
            return None
        return KeptContacts(body, float(fetched))
