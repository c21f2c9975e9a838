"""The journal's schema as a numbered registry: one function per `user_version`, run in order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StorageError
from ..i18n import _

if TYPE_CHECKING:
    from .db import Connection


def _v1_entries_and_sends(db: Connection) -> None:
    db.execute(
        """CREATE TABLE IF NOT EXISTS entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        profile TEXT NOT NULL,
        id_instance TEXT NOT NULL,
        kind TEXT NOT NULL,
        method TEXT NOT NULL,
        body TEXT NOT NULL,
        not_before TEXT NOT NULL,
        state TEXT NOT NULL,
        id_message TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        http_status INTEGER,
        last_error TEXT,
        timeout REAL NOT NULL DEFAULT 30,
        fingerprint TEXT NOT NULL,
        file_sha256 TEXT,
        file_name TEXT,
        url_file TEXT,
        file_copy TEXT
    )"""
    )
    # The guard's look-up, history's newest-first pages, the outbox and flush's due scan,
    # `last` and `delete`, and pruning: each reads a range of one index, never the table.
    for index in (
        "entries_guard ON entries (id_instance, fingerprint, created)",
        "entries_history ON entries (id_instance, id)",
        "entries_history_state ON entries (id_instance, state, id)",
        "entries_due ON entries (state, not_before, id)",
        "entries_message ON entries (id_instance, id_message)",
        "entries_created ON entries (created)",
    ):
        db.execute(f"CREATE INDEX IF NOT EXISTS {index}")
    # Start times of recent sends per instance, shared by every process that sends, so
    # that two flushes together still keep to GREEN-API's per-instance rate.
    db.execute("CREATE TABLE IF NOT EXISTS sends (id_instance TEXT NOT NULL, at REAL NOT NULL)")
    db.execute("CREATE INDEX IF NOT EXISTS sends_recent ON sends (id_instance, at)")


def _v2_queued_at(db: Connection) -> None:
    # `last` by the time GREEN-API queued an entry. Entries of schema 1 were last
    # updated when their answer was recorded, which is the best estimate they keep.
    db.execute("ALTER TABLE entries ADD COLUMN queued_at REAL")
    db.execute(
        "UPDATE entries SET queued_at = CAST(strftime('%s', updated) AS REAL) "
        "WHERE id_message IS NOT NULL"
    )
    db.execute("CREATE INDEX IF NOT EXISTS entries_last ON entries (id_instance, state, queued_at)")


def _v3_contacts_and_delivery(db: Connection) -> None:
    # Part 3. GetContacts' answer as fetched, one row per instance, so the audience check and
    # names in -t need no request for 24 hours (issue 18); and the last statusMessage seen
    # for a queued entry (sent, delivered, read), which --wait and sync keep (issue 19).
    db.execute(
        """CREATE TABLE IF NOT EXISTS contacts (
        id_instance TEXT PRIMARY KEY,
        fetched REAL NOT NULL,
        body TEXT NOT NULL
    )"""
    )
    db.execute("ALTER TABLE entries ADD COLUMN delivery TEXT")


# A new schema is one more function here, under the next number; a step never changes once
# released, since files of every earlier version still pass through it.
STEPS: dict[int, Callable[[Connection], None]] = {
    1: _v1_entries_and_sends,
    2: _v2_queued_at,
    3: _v3_contacts_and_delivery,
}
SCHEMA_VERSION = max(STEPS)


def upgrade(db: Connection, path: Path) -> None:
    """Bring the schema to SCHEMA_VERSION in one transaction that also sets user_version."""
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StorageError(
                _(
                    "journal {path} was written by a newer greenstatus (schema {version}); "
                    "upgrade greenstatus",
                    path=path,
                    version=version,
                )
            )
        for number in sorted(STEPS):
            if version < number:
                STEPS[number](db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
