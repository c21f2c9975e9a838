"""The journal's own API, used by post, outbox, history and the status commands."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import modules_after
from typer.testing import CliRunner

from greenstatus import store as jn
from greenstatus.cli import app
from greenstatus.errors import StorageError, UsageError


def draft(message: str = "hi", **extra: object) -> jn.NewEntry:
    body = {"message": message, "backgroundColor": "#228B22"}
    values: dict[str, object] = {
        "profile": "default",
        "id_instance": "1101000001",
        "kind": "text",
        "body": body,
        "fingerprint": jn.fingerprint("text", body),
    }
    values.update(extra)
    return jn.NewEntry(**values)  # type: ignore[arg-type]


@pytest.fixture
def journal(tmp_path: Path) -> jn.Journal:
    opened = jn.open_journal(folder=tmp_path / "state")
    yield opened  # type: ignore[misc]
    opened.close()


def test_file_and_folder_modes_schema_version_and_wal(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    with jn.open_journal(folder=folder) as opened:
        opened.add(draft())
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for path in folder.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert {p.name for p in folder.iterdir()} >= {"journal.sqlite3", "journal.sqlite3-wal"}
    db = sqlite3.connect(folder / "journal.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == jn.SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_a_storage_error(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    jn.open_journal(folder=folder).close()
    db = sqlite3.connect(folder / "journal.sqlite3")
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(StorageError, match="newer greenstatus"):
        jn.open_journal(folder=folder)


def test_corrupt_file_is_a_storage_error(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    (folder / "journal.sqlite3").write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(StorageError, match="journal"):
        jn.open_journal(folder=folder)


def test_guard_returns_the_earlier_entry_within_the_window(journal: jn.Journal) -> None:
    first = journal.add(draft(), window_minutes=10)
    assert first.entry is not None and first.duplicate is None
    assert first.entry.state == "sending" and first.entry.method == "sendTextStatus"
    again = journal.add(draft(), window_minutes=10)
    assert again.entry is None and again.duplicate is not None
    assert again.duplicate.id == first.entry.id
    assert journal.add(draft(), window_minutes=0).entry is not None
    assert journal.add(draft("other"), window_minutes=10).entry is not None
    assert journal.add(draft(id_instance="42"), window_minutes=10).entry is not None


def test_guard_ignores_settled_failures(journal: jn.Journal) -> None:
    for state in ("refused", "dropped", "expired", "deleted"):
        added = journal.add(draft(state), window_minutes=10)
        assert added.entry is not None
        journal.finish(added.entry.id, state)
        assert journal.add(draft(state), window_minutes=10).entry is not None


def test_last_queued_and_mark_deleted(journal: jn.Journal) -> None:
    assert journal.last_queued("1101000001") is None
    ids = []
    for text in ("one", "two", "three"):
        added = journal.add(draft(text))
        assert added.entry is not None
        ids.append(added.entry.id)
    journal.finish(ids[0], "queued", id_message="A")
    journal.finish(ids[1], "queued", id_message="B")
    journal.finish(ids[2], "unknown")
    last = journal.last_queued("1101000001")
    assert last is not None and last.id_message == "B" and last.first_line == "two"
    assert journal.last_queued("999") is None
    assert journal.mark_deleted("1101000001", "B") is True
    assert journal.mark_deleted("1101000001", "nope") is False
    assert journal.get(ids[1]).state == "deleted"  # type: ignore[union-attr]
    last = journal.last_queued("1101000001")
    assert last is not None and last.id_message == "A"


def test_claim_is_oldest_due_first_and_once(journal: jn.Journal) -> None:
    past = jn.utcnow().replace(microsecond=0)
    later = journal.add(draft("b", state="pending", not_before=past)).entry
    sooner = journal.add(
        draft("a", state="scheduled", not_before=past.replace(year=past.year - 1))
    ).entry
    journal.add(draft("future", state="scheduled", not_before=past.replace(year=past.year + 1)))
    assert later is not None and sooner is not None
    first = journal.claim_next()
    second = journal.claim_next()
    assert first is not None and second is not None
    assert (first.id, second.id) == (sooner.id, later.id)
    assert journal.claim_next() is None
    assert journal.get(sooner.id).state == "sending"  # type: ignore[union-attr]


def test_stale_sending_becomes_unknown_after_timeout_plus_grace(journal: jn.Journal) -> None:
    added = journal.add(draft(timeout=5.0)).entry
    assert added is not None
    assert journal.settle_stale() == []
    moment = jn.parse_iso(added.updated)
    from datetime import timedelta

    assert journal.settle_stale(moment + timedelta(seconds=64)) == []
    settled = journal.settle_stale(moment + timedelta(seconds=66))
    assert [e.id for e in settled] == [added.id]
    assert journal.get(added.id).state == "unknown"  # type: ignore[union-attr]


def test_drop_is_all_or_nothing(journal: jn.Journal) -> None:
    a = journal.add(draft("a", state="scheduled")).entry
    b = journal.add(draft("b")).entry
    assert a is not None and b is not None
    with pytest.raises(UsageError, match=f"{b.id} \\(sending\\)"):
        journal.drop([a.id, b.id])
    assert journal.get(a.id).state == "scheduled"  # type: ignore[union-attr]
    with pytest.raises(UsageError, match="no such entry"):
        journal.drop([12345])
    journal.drop([a.id])
    assert journal.get(a.id).state == "dropped"  # type: ignore[union-attr]


def test_prune_keeps_waiting_entries_and_removes_file_copies(
    journal: jn.Journal, tmp_path: Path
) -> None:
    copy = tmp_path / "state" / "media-1.jpg"
    copy.write_bytes(b"x")
    old = journal.add(draft("old", file_copy="media-1.jpg")).entry
    waiting = journal.add(draft("waiting", state="scheduled")).entry
    assert old is not None and waiting is not None
    journal.finish(old.id, "queued", id_message="X")
    db = sqlite3.connect(journal.path)
    db.execute("UPDATE entries SET created = '2020-01-01T00:00:00Z'")
    db.commit()
    db.close()
    assert journal.prune(90) == 1
    assert journal.get(old.id) is None and journal.get(waiting.id) is not None
    assert not copy.exists()


def test_history_filters_and_orders(journal: jn.Journal) -> None:
    for n in range(5):
        entry = journal.add(draft(f"line {n}\nsecond")).entry
        assert entry is not None
        journal.finish(entry.id, "queued" if n % 2 else "unknown", id_message=f"M{n}")
    assert [e.first_line for e in journal.history("1101000001", 2)] == ["line 4", "line 3"]
    assert [e.id_message for e in journal.history("1101000001", 9, "queued")] == ["M3", "M1"]
    assert journal.history("other", 9) == []


def test_update_media_columns(journal: jn.Journal) -> None:
    entry = journal.add(draft(kind="image", file_sha256="ab" * 32, file_name="a.jpg")).entry
    assert entry is not None and entry.method == "sendMediaStatus"
    journal.update_media(entry.id, url_file="https://example.invalid/a.jpg")
    assert journal.get(entry.id).url_file == "https://example.invalid/a.jpg"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        journal.update_media(entry.id, state="queued")


def test_pace_allows_five_sends_in_any_span_across_journals(tmp_path: Path) -> None:
    other = jn.open_journal(folder=tmp_path / "state")
    with jn.open_journal(folder=tmp_path / "state") as opened:
        started = time.monotonic()
        for n in range(11):
            (opened if n % 2 else other).pace("1101000001")
        elapsed = time.monotonic() - started
        opened.pace("another instance")
    other.close()
    assert 2 * jn.SEND_SPAN - 0.05 <= elapsed < 2 * jn.SEND_SPAN + 0.8


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("duplicate_window", "0", "0"),
        ("duplicate_window", "15", "15"),
        ("outbox", "yes", "true"),
        ("outbox", "off", "false"),
        ("outbox_expiry", "48", "48"),
        ("journal_days", "30", "30"),
        ("journal", "false", "false"),
    ],
)
def test_config_keys_set_get_unset(
    runner: CliRunner, key: str, value: str, stored: str, config_file: Path
) -> None:
    result = runner.invoke(app, ["config", "set", key, value])
    assert result.exit_code == 0, result.stderr
    got = runner.invoke(app, ["config", "get", key])
    assert got.exit_code == 0 and got.stdout == stored + "\n"
    shown = runner.invoke(app, ["config", "show", "--json"])
    assert f'"{key}"' in shown.stdout
    assert runner.invoke(app, ["config", "unset", key]).exit_code == 0
    assert runner.invoke(app, ["config", "get", key]).exit_code == 78


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("duplicate_window", "2000"),
        ("duplicate_window", "ten"),
        ("outbox", "maybe"),
        ("outbox_expiry", "0"),
        ("journal_days", "1.5"),
    ],
)
def test_config_keys_refuse_bad_values(runner: CliRunner, key: str, value: str) -> None:
    result = runner.invoke(app, ["config", "set", key, value])
    assert result.exit_code == 2
    assert key in result.stderr


def test_show_lists_journal_defaults(runner: CliRunner, creds_env: None) -> None:
    result = runner.invoke(app, ["config", "show"])
    assert "duplicate_window = 10    # default" in result.stdout
    assert "journal = true    # default" in result.stdout


# --- post, history and outbox in-process, against `responses` ------------------------------------


def journal_folder(isolated: Path) -> Path:
    # conftest's `isolated` gives every test its own XDG_STATE_HOME.
    return Path(os.environ["XDG_STATE_HOME"]) / "greenstatus"


def test_dry_run_never_touches_the_journal(
    runner: CliRunner, creds_env: None, isolated: Path
) -> None:
    result = runner.invoke(app, ["post", "hi", "--dry-run", "--in", "1h"])
    assert result.exit_code == 0
    assert not journal_folder(isolated).exists()


def test_repeat_of_a_queued_post_prints_the_earlier_id(
    runner: CliRunner, creds_env: None, api: Any, isolated: Path
) -> None:
    from helpers import SEND_URL

    api.post(SEND_URL, json={"idMessage": "FIRST"})
    assert runner.invoke(app, ["post", "hi"]).stdout == "FIRST\n"
    again = runner.invoke(app, ["post", "hi", "--json"])
    assert again.exit_code == 0
    assert json.loads(again.stdout) == {"idMessage": "FIRST", "duplicate": True}
    assert "queued at" in again.stderr
    quiet = runner.invoke(app, ["post", "hi", "-q"])
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert (journal_folder(isolated) / "journal.sqlite3").exists()
    history = runner.invoke(app, ["history", "--json"])
    (entry,) = json.loads(history.stdout)
    assert set(entry) >= {
        "id", "created", "updated", "profile", "id_instance", "kind", "state",
        "id_message", "body", "attempts", "http_status", "last_error",
    }  # fmt: skip
    assert entry["state"] == "queued" and entry["id_message"] == "FIRST"
    assert entry["body"] == {"message": "hi", "backgroundColor": "#228B22"}


def test_history_json_spells_idmessage_as_green_api_and_keeps_the_old_key(
    runner: CliRunner, creds_env: None, api: Any
) -> None:
    from helpers import SEND_URL

    api.post(SEND_URL, json={"idMessage": "FIRST"})
    assert runner.invoke(app, ["post", "hi"]).exit_code == 0
    (entry,) = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    # `id_message` stays beside `idMessage` for one release (README, "JSON keys").
    assert entry["idMessage"] == entry["id_message"] == "FIRST"
    assert list(entry).index("idMessage") == list(entry).index("id_message") - 1


def test_duplicate_window_zero_turns_the_guard_off(
    runner: CliRunner, creds_env: None, api: Any, write_config: Any
) -> None:
    from helpers import SEND_URL

    write_config("[profiles.default]\nduplicate_window = 0\n")
    api.post(SEND_URL, json={"idMessage": "A"})
    api.post(SEND_URL, json={"idMessage": "B"})
    assert runner.invoke(app, ["post", "hi"]).stdout == "A\n"
    assert runner.invoke(app, ["post", "hi"]).stdout == "B\n"


def test_profile_outbox_key_keeps_a_failed_post(
    runner: CliRunner, creds_env: None, api: Any, write_config: Any, no_sleep: list[float]
) -> None:
    from helpers import SEND_URL

    write_config("[profiles.default]\noutbox = true\n")
    api.post(SEND_URL, status=503, body="down")
    result = runner.invoke(app, ["post", "hi", "--retries", "0"])
    assert result.exit_code == 75 and "kept in the outbox as 1" in result.stderr
    listed = runner.invoke(app, ["outbox", "--json"])
    (entry,) = json.loads(listed.stdout)
    assert entry["state"] == "pending" and entry["kind"] == "text"
    api.post(SEND_URL, status=503, body="down")
    off = runner.invoke(app, ["post", "other", "--retries", "0", "--no-outbox"])
    assert off.exit_code == 75 and "outbox" not in off.stderr
    dropped = runner.invoke(app, ["outbox", "drop", "1"])
    assert dropped.exit_code == 0 and dropped.stdout == ""
    assert runner.invoke(app, ["outbox", "list"]).stdout == ""


def test_journal_off_refuses_scheduling(
    runner: CliRunner, creds_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GREENSTATUS_JOURNAL", "off")
    result = runner.invoke(app, ["post", "hi", "--at", "23:59"])
    assert result.exit_code == 2 and "journal" in result.stderr


def test_flush_with_nothing_due_is_quiet_and_exit_0(runner: CliRunner, creds_env: None) -> None:
    result = runner.invoke(app, ["outbox", "flush", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


@pytest.mark.parametrize(
    "args",
    [["--version"], ["fonts"], ["config", "path"], ["completion", "bash"], ["post", "hi", "-n"]],
)
def test_commands_without_the_journal_never_load_it(args: list[str], tmp_path: Path) -> None:
    names = ("sqlite3", "greenstatus.store", "greenstatus.sending")
    env = {
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "GREENSTATUS_STATE_DIR": str(tmp_path / "state"),
    }
    assert modules_after(args, tmp_path, names, env) == set()
    assert not (tmp_path / "state").exists()
