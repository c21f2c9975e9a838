"""The journal's schema: a blank file built to the latest version matches an old file migrated."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from helpers import DATA

from greenstatus import store
from greenstatus.store import migrations

V1_JOURNAL = DATA / "journal_v1.sqlite3"


def _schema(path: Path) -> dict[str, Any]:
    """Everything that makes the schema: version, tables, their columns, indexes and keys."""
    db = sqlite3.connect(path)
    try:
        objects = sorted(
            db.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchall()
        )
        columns = {
            name: db.execute(f"PRAGMA table_xinfo({name})").fetchall()
            for kind, name, _table, _sql in objects
            if kind == "table"
        }
        indexes = {
            name: db.execute(f"PRAGMA index_xinfo({name})").fetchall()
            for kind, name, _table, _sql in objects
            if kind == "index"
        }
        version = db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()
    return {"version": version, "objects": objects, "columns": columns, "indexes": indexes}


def test_steps_are_numbered_one_to_the_latest() -> None:
    assert sorted(migrations.STEPS) == list(range(1, store.SCHEMA_VERSION + 1))


def test_a_blank_file_and_a_migrated_v1_file_have_one_schema(tmp_path: Path) -> None:
    store.open_journal(folder=tmp_path / "blank").close()
    old = tmp_path / "old"
    old.mkdir()
    shutil.copyfile(V1_JOURNAL, old / store.FILE_NAME)
    assert _schema(old / store.FILE_NAME)["version"] == 1
    store.open_journal(folder=old).close()

    blank, migrated = _schema(tmp_path / "blank" / store.FILE_NAME), _schema(old / store.FILE_NAME)
    assert blank["version"] == migrated["version"] == store.SCHEMA_VERSION
    assert blank == migrated
    assert any(column[1] == "queued_at" for column in blank["columns"]["entries"])


V2_JOURNAL = DATA / "journal_v2.sqlite3"


def test_a_v2_file_made_by_release_0_2_migrates_and_keeps_every_entry(tmp_path: Path) -> None:
    """journal_v2.sqlite3 was written by the 0.2 code (posts, a lost answer, a schedule, a
    delete); Part 3's schema adds the kept contacts and the delivery field, and loses nothing."""
    old = tmp_path / "old"
    old.mkdir()
    shutil.copyfile(V2_JOURNAL, old / store.FILE_NAME)
    db = sqlite3.connect(old / store.FILE_NAME)
    columns = [row[1] for row in db.execute("PRAGMA table_info(entries)")]
    before = db.execute(f"SELECT {', '.join(columns)} FROM entries ORDER BY id").fetchall()
    db.close()
    assert _schema(old / store.FILE_NAME)["version"] == 2
    assert [row[columns.index("state")] for row in before] == [
        "queued", "queued", "unknown", "scheduled", "deleted",
    ]  # fmt: skip

    store.open_journal(folder=old).close()

    db = sqlite3.connect(old / store.FILE_NAME)
    after = db.execute(f"SELECT {', '.join(columns)} FROM entries ORDER BY id").fetchall()
    delivery = db.execute("SELECT delivery FROM entries").fetchall()
    db.close()
    assert after == before
    assert delivery == [(None,)] * 5
    store.open_journal(folder=tmp_path / "blank").close()
    assert _schema(old / store.FILE_NAME) == _schema(tmp_path / "blank" / store.FILE_NAME)
