"""Round 3 of the journal and the outbox: final answers, `failed` entries, `last` by the time
GREEN-API queued it, modes enforced, and the messages a person reads on a terminal."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, SEND_URL
from typer.testing import CliRunner

from greenstatus import api as greenapi
from greenstatus import errors, output
from greenstatus import store as jn
from greenstatus.api import pacing, send
from greenstatus.cli import app


@pytest.fixture(autouse=True)
def ctrl_c_restored() -> Iterator[None]:
    yield
    signal.signal(signal.SIGINT, signal.default_int_handler)
    send._held.clear()


def seed(state: str = "pending", message: str = "due", **extra: Any) -> jn.Entry:
    body = {"message": message, "backgroundColor": "#228B22"}
    with jn.open_journal() as opened:
        added = opened.add(
            jn.NewEntry(
                profile="default",
                id_instance="1101000001",
                kind=extra.pop("kind", "text"),
                body=body,
                fingerprint=jn.fingerprint("text", body),
                state=state,
                not_before=extra.pop("not_before", jn.utcnow() - timedelta(seconds=5)),
                **extra,
            )
        )
    assert added.entry is not None
    return added.entry


def states() -> list[tuple[int, str]]:
    with jn.open_journal() as opened:
        return [(e.id, e.state) for e in reversed(opened.history("1101000001", 100))]


def ctrl_c_during(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """A real SIGINT to this process while output.<name> runs."""
    original = getattr(output, name)

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)
        return original(*args, **kwargs)

    monkeypatch.setattr(f"{original.__module__}.{name}", interrupted)


# --- 1. an answer that arrived is final ----------------------------------------------------------


def test_ctrl_c_while_a_queued_post_is_shown_is_exit_0(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.post(SEND_URL, json={"idMessage": "BAE5HELD"})
    ctrl_c_during(monkeypatch, "queued")
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "BAE5HELD\n"
    assert states() == [(1, "queued")]


def test_ctrl_c_after_a_flushed_answer_keeps_it_queued_and_sends_no_more(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(message="one")
    seed(message="two")
    api.post(SEND_URL, json={"idMessage": "BAE5ONE"})
    ctrl_c_during(monkeypatch, "flushed")
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 130
    assert result.stdout == "1\tBAE5ONE\n"
    assert "after queuing outbox 1; nothing else was sent" in result.stderr
    assert states() == [(1, "queued"), (2, "pending")]
    assert len(api.calls) == 1


def test_ctrl_c_before_a_flush_sent_anything_says_nothing_was_sent(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(message="one")

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(jn.Journal, "claim_next", interrupted)
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 130
    assert "interrupted; nothing was sent" in result.stderr
    assert "else" not in result.stderr
    assert states() == [(1, "pending")]
    assert len(api.calls) == 0


def failing_queued_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The journal cannot record the answer (a full disk), and neither can stderr say so."""
    from greenstatus.errors import StorageError

    finish = jn.Journal.finish

    def broken(self: jn.Journal, entry_id: int, state: str, **kwargs: Any) -> None:
        if state == "queued":
            raise StorageError("journal: database or disk is full")
        finish(self, entry_id, state, **kwargs)

    monkeypatch.setattr(jn.Journal, "finish", broken)


def test_a_post_whose_answer_cannot_be_recorded_nor_warned_about_is_exit_0(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_queued_writes(monkeypatch)

    def full(_message: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("greenstatus.output.streams.warn", full)
    api.post(SEND_URL, json={"idMessage": "BAE5DISKFULL"})
    result = runner.invoke(app, ["post", "hi"])
    assert (result.exit_code, result.stdout) == (0, "BAE5DISKFULL\n")


def test_a_flushed_answer_that_cannot_be_recorded_is_still_shown(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(message="one")
    failing_queued_writes(monkeypatch)
    api.post(SEND_URL, json={"idMessage": "BAE5SHOWN"})
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\tBAE5SHOWN\n"
    assert "outbox entry 1 was queued all the same" in result.stderr
    assert states() == [(1, "sending")], "left to become unknown, never sent again"


def test_ctrl_c_before_the_request_drops_the_post_even_with_the_outbox(
    runner: CliRunner, creds_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pacing, "_wait_for_turn", interrupted)
    result = runner.invoke(app, ["post", "hi", "--outbox"])
    assert result.exit_code == 130
    assert "nothing was sent" in result.stderr and "outbox" not in result.stderr
    assert states() == [(1, "dropped")]


# --- 2. failed: entries that can never be sent ---------------------------------------------------


def corrupt(entry_id: int, column: str, sql_value: str) -> None:
    db = sqlite3.connect(jn.journal_path())
    db.execute(f"UPDATE entries SET {column} = {sql_value} WHERE id = ?", (entry_id,))
    db.commit()
    db.close()


def test_a_gone_copy_fails_its_entry_and_the_flush_goes_on(
    runner: CliRunner, creds_env: None, api: Any, tmp_path: Path
) -> None:
    gone = seed(kind="image", file_name="shop.jpg", file_copy=str(tmp_path / "gone.jpg"))
    seed(message="behind it")
    api.post(SEND_URL, json={"idMessage": "BAE5BEHIND"})
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 74, result.stderr
    assert result.stdout == "2\tBAE5BEHIND\n"
    assert f"outbox entry {gone.id}: the kept copy of shop.jpg is gone" in result.stderr
    assert states() == [(1, "failed"), (2, "queued")]
    again = runner.invoke(app, ["outbox", "flush"])
    assert again.exit_code == 0 and again.stdout == "", "failed entries are not retried"
    listed = runner.invoke(app, ["history", "--state", "failed", "--json"])
    [entry] = json.loads(listed.stdout)
    assert entry["id"] == 1 and "gone" in entry["last_error"]
    assert runner.invoke(app, ["outbox", "list"]).stdout == ""


def test_an_earlier_failure_keeps_its_exit_code(
    runner: CliRunner, creds_env: None, api: Any, no_sleep: list[float]
) -> None:
    seed(message="refused first")
    broken = seed(message="unreadable")
    corrupt(broken.id, "body", "'{not json'")
    api.post(SEND_URL, status=400, json={"message": "bad"})
    result = runner.invoke(app, ["outbox", "flush", "--retries", "0"])
    assert result.exit_code == 65, result.stderr
    assert states() == [(1, "refused"), (2, "failed")]


def test_the_guard_ignores_a_failed_entry(runner: CliRunner, creds_env: None, api: Any) -> None:
    broken = seed(message="hi")
    corrupt(broken.id, "state", "'failed'")
    api.post(SEND_URL, json={"idMessage": "BAE5AGAIN"})
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 0 and result.stdout == "BAE5AGAIN\n"


CORRUPTIONS = [
    ("body", "'{not json'"),
    ("body", "'[1, 2]'"),
    ("body", "X'ff00'"),
    ("body", "CAST(X'c3' AS TEXT)"),
    ("created", "X'00ff'"),
    ("profile", "CAST(X'ff' AS TEXT)"),
    ("not_before", "'0000-garbage'"),
    ("timeout", "'soon'"),
    ("attempts", "'many'"),
    ("id_message", "X'ff'"),
]


@pytest.mark.parametrize(("column", "value"), CORRUPTIONS)
@pytest.mark.parametrize("terminal", [False, True])
def test_corrupt_rows_are_never_exit_1(
    runner: CliRunner,
    creds_env: None,
    api: Any,
    monkeypatch: pytest.MonkeyPatch,
    column: str,
    value: str,
    terminal: bool,
) -> None:
    if terminal:
        monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: True)
    broken = seed(message="broken")
    seed(message="fine")
    corrupt(broken.id, column, value)
    for args in (["history"], ["history", "--json"], ["outbox", "list"], ["outbox", "--json"]):
        shown = runner.invoke(app, args)
        assert shown.exit_code == 0, (args, shown.stderr)
    if column == "profile":
        # No such profile: left pending for the instance, as for any profile gone from the file.
        flushed = runner.invoke(app, ["outbox", "flush", "--retries", "0"])
        assert flushed.exit_code == 78 and dict(states())[broken.id] == "pending"
        return
    api.add_callback(
        "POST", SEND_URL, callback=lambda _request: (200, {}, '{"idMessage": "BAE5OK"}')
    )
    flushed = runner.invoke(app, ["outbox", "flush", "--retries", "0"])
    assert flushed.exit_code in (0, 74), flushed.stderr
    assert "unexpected" not in flushed.stderr
    assert dict(states())[2] == "queued"
    assert dict(states())[broken.id] in ("queued", "failed")


@pytest.mark.parametrize(("column", "value"), [("timeout", "'soon'"), ("updated", "'garbage'")])
def test_a_corrupt_sending_entry_is_settled_not_exit_1(
    runner: CliRunner, creds_env: None, column: str, value: str
) -> None:
    broken = seed(state="sending")
    corrupt(broken.id, "updated", "'2000-01-01T00:00:00Z'")
    corrupt(broken.id, column, value)
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 0, result.stderr
    assert states() == [(1, "unknown")]


# --- 3. last: the entry GREEN-API queued most recently -------------------------------------------

BASE = SEND_URL.rsplit("/", 2)[0]
DELETE_URL = SEND_URL.replace("sendTextStatus", "deleteStatus")
V1_JOURNAL = DATA / "journal_v1.sqlite3"


@pytest.fixture
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import time

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_last_is_the_entry_queued_most_recently_not_the_highest_id(
    runner: CliRunner, creds_env: None, api: Any
) -> None:
    from responses import matchers

    seed(state="scheduled", message="scheduled yesterday")
    api.post(SEND_URL, json={"idMessage": "BAE5POSTED"})
    assert runner.invoke(app, ["post", "posted now"]).stdout == "BAE5POSTED\n"
    api.post(SEND_URL, json={"idMessage": "BAE5FLUSHED"})
    assert runner.invoke(app, ["outbox", "flush"]).stdout == "1\tBAE5FLUSHED\n"
    api.post(
        DELETE_URL, body="", match=[matchers.json_params_matcher({"idMessage": "BAE5FLUSHED"})]
    )
    result = runner.invoke(app, ["delete", "last", "--yes"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "BAE5FLUSHED\n"


def test_a_schema_1_journal_migrates_and_keeps_every_entry(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch, local_zone: None
) -> None:
    import shutil

    from responses import matchers

    folder = jn.state_dir()
    folder.mkdir(parents=True)
    shutil.copy(V1_JOURNAL, folder / jn.FILE_NAME)
    before = sqlite3.connect(V1_JOURNAL)
    columns = [r[1] for r in before.execute("PRAGMA table_info(entries)")]
    old_rows = before.execute(f"SELECT {', '.join(columns)} FROM entries ORDER BY id").fetchall()
    before.close()
    assert len(old_rows) == 6
    monkeypatch.setenv("GREENSTATUS_ID_INSTANCE", "1101000001")
    listed = runner.invoke(app, ["history", "--json"])
    assert listed.exit_code == 0, listed.stderr
    assert [e["state"] for e in json.loads(listed.stdout)] == [
        "queued", "pending", "unknown", "dropped", "scheduled", "queued",
    ]  # fmt: skip
    after = sqlite3.connect(folder / jn.FILE_NAME)
    assert after.execute("PRAGMA user_version").fetchone()[0] == jn.SCHEMA_VERSION
    new_rows = after.execute(f"SELECT {', '.join(columns)} FROM entries ORDER BY id").fetchall()
    queued_at = after.execute("SELECT queued_at FROM entries ORDER BY id").fetchall()
    after.close()
    assert new_rows == old_rows
    assert [q is not None for (q,) in queued_at] == [True, False, False, False, False, True]
    monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: True)
    asked: list[str] = []
    monkeypatch.setattr(
        "greenstatus.output.prompts.confirm", lambda prompt: asked.append(prompt) or True
    )
    api.post(
        DELETE_URL, body="", match=[matchers.json_params_matcher({"idMessage": "BAE5F4886F6F0002"})]
    )
    result = runner.invoke(app, ["delete", "last"])
    assert result.exit_code == 0, result.stderr
    assert asked == [
        'Delete status BAE5F4886F6F0002 "café ünïcode 🎉" (queued 2026-11-30 23:27 IST) '
        "from WhatsApp?"
    ]


def test_the_delete_prompt_shows_the_first_line_and_the_local_queued_time(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch, local_zone: None
) -> None:
    entry = seed(state="sending", message="Open until 8 pm\nsecond line")
    with jn.open_journal() as opened:
        opened.finish(entry.id, "queued", id_message="BAE5PROMPT")
    corrupt(entry.id, "queued_at", "1767225600.5")  # 2026-01-01T00:00:00.5Z
    monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: True)
    asked: list[str] = []
    monkeypatch.setattr(
        "greenstatus.output.prompts.confirm", lambda prompt: asked.append(prompt) and False
    )
    result = runner.invoke(app, ["delete", "BAE5PROMPT"])
    assert result.exit_code == 0 and "nothing deleted" in result.stderr
    assert asked == [
        'Delete status BAE5PROMPT "Open until 8 pm" (queued 2026-01-01 05:30 IST) from WhatsApp?'
    ]


# --- 4. modes are enforced, not only set at creation ---------------------------------------------


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_an_open_state_folder_journal_wal_and_shm_are_tightened(runner: CliRunner) -> None:
    folder = jn.state_dir()
    holder = jn.open_journal()  # another process's: its -wal and -shm files stay
    holder.add(jn.NewEntry("default", "1101000001", "text", {"message": "x"}, "f", "queued"))
    (folder / "files").mkdir()
    loose = [folder, folder / "files"] + [
        folder / f"journal.sqlite3{end}" for end in ("", "-wal", "-shm")
    ]
    for path in loose:
        path.chmod(0o755 if path.is_dir() else 0o644)
    result = runner.invoke(app, ["outbox", "list"])
    assert result.exit_code == 0, result.stderr
    assert {path: mode(path) for path in loose} == {
        path: 0o700 if path.is_dir() else 0o600 for path in loose
    }
    notes = result.stderr.splitlines()
    assert len(notes) == len(loose), notes
    assert all(n.startswith("greenstatus: note: ") and " it is now " in n for n in notes), notes
    assert runner.invoke(app, ["outbox", "list"]).stderr == "", "once tightened, no more notes"
    holder.close()


def test_an_open_config_folder_is_tightened_on_write(runner: CliRunner, isolated: Path) -> None:
    isolated.parent.mkdir(parents=True)
    isolated.parent.chmod(0o755)
    result = runner.invoke(app, ["config", "set", "timeout", "20"])
    assert result.exit_code == 0, result.stderr
    assert mode(isolated.parent) == 0o700
    assert f"{isolated.parent} was open to others (mode 755); it is now 700" in result.stderr


def test_a_kept_copy_is_tightened_before_the_flush_uploads_it(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers import API_URL
    from helpers.fakeapi import ID_INSTANCE, TOKEN

    monkeypatch.setenv("GREENSTATUS_MEDIA_URL", "https://media.example.test")
    photo = tmp_copy = jn.state_dir() / "files" / "shop.jpg"
    photo.parent.mkdir(parents=True, mode=0o700)
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)
    photo.chmod(0o644)
    seed(kind="image", file_name="shop.jpg", file_copy=str(tmp_copy))
    api.post(
        f"https://media.example.test/waInstance{ID_INSTANCE}/uploadFile/{TOKEN}",
        json={"urlFile": "https://sw-media.example.test/1101000001/shop.jpg"},
    )
    api.post(f"{API_URL}/waInstance{ID_INSTANCE}/sendMediaStatus/{TOKEN}", json={"idMessage": "M"})
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 0, result.stderr
    assert f"{photo} was open to others (mode 644); it is now 600" in result.stderr


# --- 5. messages on a terminal: local times, a repeat, an idle flush -----------------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch, local_zone: None) -> None:
    monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("COLUMNS", "200")


def ist(moment: str) -> str:
    """A journal time as the tests' terminal (Asia/Kolkata, +05:30) shows it."""
    from datetime import datetime, timedelta

    when = datetime.strptime(moment, "%Y-%m-%dT%H:%M:%SZ") + timedelta(hours=5, minutes=30)
    return when.strftime("%Y-%m-%d %H:%M IST")


def test_a_repeat_on_a_terminal_says_already_queued_at_local_time(
    runner: CliRunner, creds_env: None, api: Any, terminal: None
) -> None:
    api.post(SEND_URL, json={"idMessage": "BAE5FIRST"})
    assert runner.invoke(app, ["post", "hi"]).exit_code == 0
    again = runner.invoke(app, ["post", "hi"])
    assert again.exit_code == 0
    with jn.open_journal() as opened:
        [entry] = opened.history("1101000001")
    assert "Already queued at " + ist(entry.updated) in again.stdout
    assert "BAE5FIRST" in again.stdout and "Status queued" not in again.stdout
    assert runner.invoke(app, ["post", "hi", "-q"]).stdout == ""


def test_an_idle_flush_on_a_terminal_names_the_next_due_time(
    runner: CliRunner, creds_env: None, terminal: None
) -> None:
    empty = runner.invoke(app, ["outbox", "flush"])
    assert empty.exit_code == 0 and empty.stderr == "Nothing is due: the outbox is empty.\n"
    later = seed(state="scheduled", not_before=jn.utcnow() + timedelta(hours=2))
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == (
        f"Nothing is due yet: the next entry (1) is due at {ist(later.not_before)}.\n"
    )
    assert runner.invoke(app, ["outbox", "flush", "-q"]).stderr == ""


def test_an_idle_flush_piped_stays_silent(runner: CliRunner, creds_env: None) -> None:
    seed(state="scheduled", not_before=jn.utcnow() + timedelta(hours=2))
    result = runner.invoke(app, ["outbox", "flush"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_scheduled_times_are_local_on_a_terminal_and_utc_piped(
    runner: CliRunner, creds_env: None, monkeypatch: pytest.MonkeyPatch, local_zone: None
) -> None:
    piped = runner.invoke(app, ["post", "later", "--in", "2h"])
    assert piped.stdout == "1\n"
    with jn.open_journal() as opened:
        [entry] = opened.outbox()
    listed = runner.invoke(app, ["outbox", "list"])
    assert listed.stdout.split("\t")[1] == entry.not_before, "piped: UTC, unchanged"
    history = runner.invoke(app, ["history"])
    assert history.stdout.split("\t")[1] == entry.created
    monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("COLUMNS", "200")
    shown = runner.invoke(app, ["post", "other", "--in", "2h"])
    with jn.open_journal() as opened:
        second = opened.outbox()[1]
    assert ist(second.not_before) in shown.stdout
    table = runner.invoke(app, ["outbox", "list"]).stdout
    assert ist(entry.not_before) in table and entry.not_before not in table
    rows = runner.invoke(app, ["history"]).stdout
    assert ist(entry.created) in rows and entry.created not in rows


def test_an_expired_entry_is_named_with_its_local_due_time_on_a_terminal(
    runner: CliRunner, creds_env: None, terminal: None
) -> None:
    old = seed(not_before=jn.utcnow() - timedelta(hours=30))
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 0
    assert f"outbox entry 1 was due at {ist(old.not_before)}, more than 24 hours ago" in (
        result.stderr
    )


def test_a_repeat_of_a_scheduled_post_names_its_local_due_time_on_a_terminal(
    runner: CliRunner, creds_env: None, terminal: None
) -> None:
    assert runner.invoke(app, ["post", "later", "--in", "2h"]).exit_code == 0
    with jn.open_journal() as opened:
        [entry] = opened.outbox()
    again = runner.invoke(app, ["post", "later", "--in", "2h"])
    assert f"already in the outbox as 1 (scheduled, due {ist(entry.not_before)})" in again.stderr


def test_a_flush_interrupted_in_flight_names_what_it_queued_before(
    runner: CliRunner, creds_env: None, api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(message="one")
    seed(message="two")
    api.post(SEND_URL, json={"idMessage": "BAE5ONE"})
    send = greenapi.send_status
    calls: list[int] = []

    def second_interrupted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise errors.Interrupted("interrupted while the request was in flight; maybe")
        return send(*args, **kwargs)

    monkeypatch.setattr(greenapi, "send_status", second_interrupted)
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 130
    assert "maybe; outbox 1 had been queued before it" in result.stderr
    assert states() == [(1, "queued"), (2, "unknown")]


def test_a_shared_sticky_folder_is_never_closed(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("GREENSTATUS_STATE_DIR", str(shared))
    result = runner.invoke(app, ["outbox", "list"])
    assert result.exit_code == 0
    assert shared.stat().st_mode & 0o7777 == 0o1777
    assert "shared; it is left as it is" in result.stderr
    assert mode(shared / "journal.sqlite3") == 0o600
