"""An answer that arrived is final: real processes, real SIGINTs around GREEN-API's answer."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from helpers import rows, seed_due
from helpers import state_env as env_for
from helpers.fakeapi import ID_INSTANCE, FakeAPI, Reply

# The server holds each answer this long; the Ctrl-C lands from its arrival to well after.
ANSWER_DELAY = 0.04
OFFSETS = [n * 0.003 for n in range(40)]


def _wait_seen(api: FakeAPI, count: int) -> None:
    end = time.monotonic() + 30
    while len(api.seen) < count:
        assert time.monotonic() < end, "the request never arrived"
        time.sleep(0.001)


def test_ctrl_c_around_the_answer_never_contradicts_the_journal(exe: str, tmp_path: Path) -> None:
    outcomes = []
    with FakeAPI() as api:
        for trial, offset in enumerate(OFFSETS):
            state = tmp_path / f"state{trial}"
            api.replies.append(Reply(200, {"idMessage": f"BAE{trial:013d}"}, delay=ANSWER_DELAY))
            proc = subprocess.Popen(
                [exe, "post", f"trial {trial}", "--retries", "0"],
                env=env_for(api.url, state),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            _wait_seen(api, trial + 1)
            time.sleep(offset)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
            [(_, journal_state, id_message, _)] = rows(state)
            outcomes.append((proc.returncode, journal_state))
            # The server received it: it was queued, so "nothing was sent" is never true.
            assert "nothing was sent" not in err, (offset, err)
            assert "Traceback" not in err, err
            if journal_state == "queued":
                assert proc.returncode == 0, (offset, err)
                assert out == f"{id_message}\n", (offset, out, err)
            else:
                assert (proc.returncode, journal_state) == (130, "unknown"), (offset, err)
                assert "may or may not have been queued" in err
    # Both sides of the answer were reached, or the test proved nothing.
    assert {code for code, _ in outcomes} == {0, 130}, outcomes


@pytest.mark.parametrize("pause", [0.0, 0.02])
def test_ctrl_c_while_waiting_to_send_says_nothing_was_sent(
    exe: str, tmp_path: Path, pause: float
) -> None:
    """A flush paced by a full rate window: the Ctrl-C lands before its request left."""
    state = tmp_path / "state"
    seed_due(state, 1)
    with FakeAPI() as api:
        db = sqlite3.connect(state / "journal.sqlite3")
        # Five sends just now on this instance: the next waits about a second for its turn.
        now = time.time() + 0.5
        db.executemany(
            "INSERT INTO sends (id_instance, at) VALUES (?, ?)",
            [(ID_INSTANCE, now) for _ in range(5)],
        )
        db.commit()
        db.close()
        proc = subprocess.Popen(
            [exe, "outbox", "flush"],
            env=env_for(api.url, state),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(0.7 + pause)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert api.seen == []
    assert proc.returncode == 130
    assert "nothing was sent" in err and "may or may not" not in err, err
    assert [r[1] for r in rows(state)] == ["pending"]
