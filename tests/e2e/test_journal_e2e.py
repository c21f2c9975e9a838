"""The journal with real processes of the installed command against the local server:
concurrent posts and flushes, a flush killed mid-request, failures, and broken storage."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import rows, run, seed_due
from helpers import state_env as env_for
from helpers.fakeapi import TOKEN, FakeAPI, Reply


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


def test_twenty_identical_posts_send_once(exe: str, fake_api: FakeAPI, state: Path) -> None:
    fake_api.send_delay = 1.0
    env = env_for(fake_api.url, state)
    procs = [
        subprocess.Popen(
            [exe, "post", "Market day: fresh bread"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(20)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0] * 20, [err for _, _, err in results]
    assert {out for _, out, _ in results} == {"BAE5F4886F6F0001\n"}
    assert len(fake_api.queued) == 1
    assert [s.path.split("/")[2] for s in fake_api.seen] == ["sendTextStatus"]
    assert rows(state) == [(1, "queued", "BAE5F4886F6F0001", 1)]


def test_two_flushes_send_each_entry_once(exe: str, fake_api: FakeAPI, state: Path) -> None:
    ids = seed_due(state, 30)
    fake_api.rate_limit = 5
    env = env_for(fake_api.url, state)
    procs = [
        subprocess.Popen(
            [exe, "outbox", "flush"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    sent = [line.split("\t") for out, _ in outs for line in out.splitlines()]
    assert sorted(int(i) for i, _ in sent) == ids
    messages = [b["message"] for b in fake_api.queued]
    assert sorted(messages) == sorted(f"due {n}" for n in range(30))
    assert {r[1] for r in rows(state)} == {"queued"}
    # The two share the journal's record of send times: together they keep to 5 a second.
    assert fake_api.too_many <= 2


def test_flush_killed_mid_request_loses_nothing_and_sends_nothing_twice(
    exe: str, fake_api: FakeAPI, state: Path
) -> None:
    ids = seed_due(state, 3)
    fake_api.send_delay = 30.0
    env = env_for(fake_api.url, state)
    flush = subprocess.Popen(
        [exe, "outbox", "flush"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 30
    while not fake_api.seen and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake_api.seen, "the flush never sent"
    flush.send_signal(signal.SIGKILL)
    flush.wait(timeout=10)
    flush.communicate()
    assert [r[1] for r in rows(state)] == ["sending", "pending", "pending"]

    # Before its timeout plus the grace time, the interrupted entry is left alone.
    fake_api.send_delay = 0.0
    again = run(exe, ["outbox", "flush"], env)
    assert again.returncode == 0, again.stderr
    assert [r[1] for r in rows(state)] == ["sending", "queued", "queued"]

    # Once it is older than that (age it rather than wait), it becomes unknown, never re-sent.
    db = sqlite3.connect(state / "journal.sqlite3")
    db.execute("UPDATE entries SET updated = '2020-01-01T00:00:00Z' WHERE id = ?", (ids[0],))
    db.commit()
    db.close()
    late = run(exe, ["outbox", "flush"], env)
    assert late.returncode == 0 and late.stdout == ""
    assert f"outbox entry {ids[0]} was left sending" in late.stderr
    assert [r[1] for r in rows(state)] == ["unknown", "queued", "queued"]
    assert sorted(b["message"] for b in fake_api.queued) == ["due 0", "due 1", "due 2"]
    history = run(exe, ["history", "--state", "unknown"], env)
    assert (
        history.stdout.startswith(f"{ids[0]}\t") and "\tunknown\t-\ttext\tdue 0" in history.stdout
    )


@pytest.mark.parametrize("failure", ["read timeout", "500", "504"])
def test_ambiguous_failures_are_unknown_and_never_resent(
    exe: str, fake_api: FakeAPI, state: Path, failure: str
) -> None:
    if failure == "read timeout":
        fake_api.send_delay = 2.0
    else:
        fake_api.replies.append(Reply(int(failure), {"message": "boom"}))
    env = env_for(fake_api.url, state)
    result = run(exe, ["post", "maybe", "--outbox", "--timeout", "0.5"], env)
    assert result.returncode == 75
    assert "may or may not have been queued" in result.stderr
    assert rows(state)[0][1] == "unknown"
    fake_api.send_delay = 0.0
    seen = len(fake_api.seen)
    flushed = run(exe, ["outbox", "flush"], env)
    assert flushed.returncode == 0 and flushed.stdout == ""
    repeat = run(exe, ["post", "maybe"], env)
    assert repeat.returncode == 2 and "--allow-duplicate" in repeat.stderr
    assert repeat.stderr.count("\n") == 1
    assert len(fake_api.seen) == seen
    assert rows(state)[0][1] == "unknown"


@pytest.mark.parametrize("failure", ["refused connection", "429", "503"])
def test_safe_failures_wait_in_the_outbox_then_flush_sends_them(
    exe: str, fake_api: FakeAPI, state: Path, failure: str
) -> None:
    url = fake_api.url
    if failure == "refused connection":
        url = closed_port_url()
    else:
        fake_api.replies.append(Reply(int(failure), {"message": "later"}, {"Retry-After": "0"}))
    result = run(exe, ["post", "keep me", "--outbox", "--retries", "0"], env_for(url, state))
    assert result.returncode == 75, result.stderr
    assert "kept in the outbox as 1" in result.stderr and result.stdout == ""
    listed = run(exe, ["outbox"], env_for(url, state))
    fields = listed.stdout.rstrip("\n").split("\t")
    assert fields[0] == "1" and fields[2:] == ["pending", "default", "keep me"]
    # A repeat while it waits is not added again.
    repeat = run(exe, ["post", "keep me", "--json"], env_for(url, state))
    assert repeat.returncode == 0 and '"outbox_id": 1' in repeat.stdout
    flushed = run(exe, ["outbox", "flush", "--json"], env_for(fake_api.url, state))
    assert flushed.returncode == 0, flushed.stderr
    assert '"state": "queued"' in flushed.stdout
    assert [b["message"] for b in fake_api.queued] == ["keep me"]
    assert rows(state) == [(1, "queued", "BAE5F4886F6F0001", 2)]


def test_flush_leaves_temporary_failures_pending_and_exits_75(exe: str, state: Path) -> None:
    seed_due(state, 2)
    result = run(exe, ["outbox", "flush", "--retries", "0"], env_for(closed_port_url(), state))
    assert result.returncode == 75
    assert "still pending" in result.stderr
    # The instance's flush ends at the first temporary failure: the second is not tried.
    assert [r[1:] for r in rows(state)] == [("pending", None, 1), ("pending", None, 0)]


def test_scheduled_post_waits_for_its_time(exe: str, fake_api: FakeAPI, state: Path) -> None:
    env = env_for(fake_api.url, state)
    result = run(exe, ["post", "soon", "--in", "2s", "--json"], env)
    assert result.returncode == 0, result.stderr
    assert '"outbox_id": 1' in result.stdout and '"not_before": "20' in result.stdout
    assert run(exe, ["outbox", "flush"], env).stdout == ""
    time.sleep(2.2)
    flushed = run(exe, ["outbox", "flush"], env)
    assert flushed.stdout == "1\tBAE5F4886F6F0001\n"
    expired = run(exe, ["post", "x", "--in", "31d"], env)
    assert expired.returncode == 2


def test_expired_entries_are_not_sent(exe: str, fake_api: FakeAPI, state: Path) -> None:
    ids = seed_due(state, 1)
    db = sqlite3.connect(state / "journal.sqlite3")
    db.execute("UPDATE entries SET not_before = '2020-01-01T00:00:00Z'")
    db.commit()
    db.close()
    result = run(exe, ["outbox", "flush"], env_for(fake_api.url, state))
    assert result.returncode == 0
    assert f"outbox entry {ids[0]} was due at 2020-01-01T00:00:00Z" in result.stderr
    assert rows(state)[0][1] == "expired" and fake_api.seen == []


@pytest.fixture
def read_only_state(tmp_path: Path) -> Iterator[Path]:
    """A state folder this user cannot write to; root ignores modes, so for root the folder
    is made immutable (chattr +i) instead."""
    folder = tmp_path / "state"
    folder.mkdir(mode=0o500)
    immutable = os.geteuid() == 0
    if immutable:
        made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip("running as root on a file system without chattr +i")
    try:
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
        folder.chmod(0o700)


def test_read_only_state_folder(exe: str, fake_api: FakeAPI, read_only_state: Path) -> None:
    env = env_for(fake_api.url, read_only_state)
    posted = run(exe, ["post", "still goes out"], env)
    assert posted.returncode == 0, posted.stderr
    assert posted.stdout == "BAE5F4886F6F0001\n"
    assert posted.stderr.count("\n") == 1 and "warning" in posted.stderr
    for args in (["history"], ["post", "later", "--at", "23:59"], ["outbox"]):
        failed = run(exe, args, env)
        assert failed.returncode == 74, (args, failed.stderr)
        assert failed.stderr.count("\n") == 1 and failed.stdout == ""
    assert len(fake_api.queued) == 1


def test_corrupt_journal_file(exe: str, fake_api: FakeAPI, state: Path) -> None:
    state.mkdir(mode=0o700)
    (state / "journal.sqlite3").write_bytes(b"not a database, just noise\n" * 400)
    env = env_for(fake_api.url, state)
    posted = run(exe, ["post", "still goes out"], env)
    assert posted.returncode == 0 and posted.stdout == "BAE5F4886F6F0001\n"
    assert posted.stderr.count("\n") == 1 and "journal" in posted.stderr
    quiet = run(exe, ["post", "quietly", "-q"], env)
    assert quiet.returncode == 0 and quiet.stderr == ""
    for args in (["history"], ["post", "x", "--in", "1h"], ["post", "y", "--outbox"]):
        failed = run(exe, args, env)
        assert failed.returncode == 74, (args, failed.stderr)
        assert failed.stderr.count("\n") == 1
    assert len(fake_api.queued) == 2


def test_journal_off_means_no_guard(exe: str, fake_api: FakeAPI, state: Path) -> None:
    env = env_for(fake_api.url, state, GREENSTATUS_JOURNAL="off")
    for _ in range(2):
        assert run(exe, ["post", "twice"], env).returncode == 0
    assert len(fake_api.queued) == 2 and not state.exists()
    assert run(exe, ["post", "x", "--in", "1h"], env).returncode == 2


def test_token_never_reaches_the_journal_files(exe: str, fake_api: FakeAPI, state: Path) -> None:
    env = env_for(fake_api.url, state)
    run(exe, ["post", "ok"], env)
    fake_api.replies.append(Reply(401, {"message": f"bad token {TOKEN}"}))
    run(exe, ["post", "refused"], env)
    run(exe, ["post", "down", "--outbox", "--retries", "0"], env_for(closed_port_url(), state))
    run(exe, ["post", "later", "--in", "1h"], env)
    assert [r[1] for r in rows(state)] == ["queued", "refused", "pending", "scheduled"]
    files = list(state.iterdir())
    assert files
    for path in files:
        data = path.read_bytes()
        for start in range(len(TOKEN) - 7):
            assert TOKEN[start : start + 8].encode() not in data, path
        grep = subprocess.run(["grep", "-c", TOKEN, str(path)], capture_output=True, text=True)
        assert grep.stdout.strip() == "0"
