"""Issue 19 with real processes of the installed command against the local server: a lost
answer settled by sync, --wait on the server's schedule, Ctrl-C while waiting, report's pace."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from helpers import rows, run, start_waiting
from helpers import state_env as env_for
from helpers.fakeapi import FakeAPI, Reply

from greenstatus import store as jn


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


def test_a_lost_answer_is_unknown_sync_queues_it_and_the_guard_refuses_the_repeat(
    exe: str, fake_api: FakeAPI, state: Path
) -> None:
    env = env_for(fake_api.url, state)
    fake_api.lost_answers.append(502)
    lost = run(exe, ["post", "Lost answer", "--retries", "0"], env)
    assert lost.returncode == 75, lost.stderr
    assert rows(state) == [(1, "unknown", None, 1)]
    synced = run(exe, ["sync"], env)
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout == "1\tunknown\tqueued\tBAE5F4886F6F0001\n"
    assert rows(state) == [(1, "queued", "BAE5F4886F6F0001", 1)]
    again = run(exe, ["post", "Lost answer"], env)
    assert again.returncode == 0, again.stderr
    assert again.stdout == "BAE5F4886F6F0001\n"
    assert "not sent again" in again.stderr
    assert len(fake_api.queued) == 1, "sync and the repeat sent nothing"


def test_a_500_after_queuing_is_settled_the_same_way(
    exe: str, fake_api: FakeAPI, state: Path
) -> None:
    env = env_for(fake_api.url, state)
    fake_api.lost_answers.append(500)
    assert run(exe, ["post", "Half answered", "--retries", "0"], env).returncode == 75
    synced = run(exe, ["sync", "--json"], env)
    assert '"to": "queued"' in synced.stdout and '"idMessage": "BAE5F4886F6F0001"' in synced.stdout


def test_wait_reaches_sent_on_the_servers_schedule(
    exe: str, fake_api: FakeAPI, state: Path
) -> None:
    fake_api.schedule = {"sent": 2.5, "delivered": 60.0}
    env = env_for(fake_api.url, state)
    started = time.monotonic()
    result = run(exe, ["post", "Doors open", "--wait", "--wait-timeout", "30"], env)
    assert result.returncode == 0, result.stderr
    assert 2.5 <= time.monotonic() - started < 15
    assert result.stdout == "BAE5F4886F6F0001\n"
    assert "BAE5F4886F6F0001 is sent" in result.stderr
    history = run(exe, ["history", "--json"], env)
    assert '"delivery": "sent"' in history.stdout
    polls = [s for s in fake_api.seen if "getOutgoingStatuses" in s.path]
    assert 2 <= len(polls) <= 3, "at most one poll every 2 s"


def test_wait_times_out_with_8_when_the_schedule_never_gets_there(
    exe: str, fake_api: FakeAPI, state: Path
) -> None:
    fake_api.schedule = {"sent": 1.0}
    env = env_for(fake_api.url, state)
    result = run(exe, ["post", "Doors open", "--wait", "read", "--wait-timeout", "3"], env)
    assert result.returncode == 8, result.stderr
    assert result.stdout == "BAE5F4886F6F0001\n"
    assert "queued, not yet read after 3 s (last state: sent)" in result.stderr
    assert len(fake_api.queued) == 1


@pytest.mark.parametrize("during_a_poll", [False, True])
def test_ctrl_c_while_waiting_is_130_and_says_queued(
    exe: str, fake_api: FakeAPI, state: Path, during_a_poll: bool
) -> None:
    if during_a_poll:
        # getSettings, the send, then a poll whose answer takes 10 s: the Ctrl-C lands in it.
        fake_api.replies.extend(
            [
                Reply(200, fake_api.settings()),
                Reply(200, {"idMessage": "BAE5F4886F6F0001"}),
                Reply(200, [], delay=10),
            ]
        )
    args = [exe, "post", "Doors open", "--wait", "--wait-timeout", "60"]
    proc = start_waiting(args, env_for(fake_api.url, state), fake_api)
    if during_a_poll:
        time.sleep(0.5)  # well inside the 10 s answer
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert out == "BAE5F4886F6F0001\n"
    assert "status BAE5F4886F6F0001 is queued" in err and "nothing was sent" not in err
    assert "checking the status failed" not in err, "a Ctrl-C is no polling failure"
    assert "Traceback" not in err
    assert rows(state)[0][1:3] == ("queued", "BAE5F4886F6F0001")


@pytest.mark.slow
def test_report_over_30_statuses_keeps_1_request_a_second_within_32_s(
    exe: str, fake_api: FakeAPI, state: Path
) -> None:
    fake_api.limits = {"getStatusStatistic": 1}
    with jn.open_journal(folder=state) as opened:
        for n in range(30):
            body = {"message": f"status {n}", "backgroundColor": "#228B22"}
            added = opened.add(jn.NewEntry("default", fake_api.id_instance, "text", body, f"fp{n}"))
            assert added.entry is not None
            ident = f"BAE5REPORT{n:06d}"
            opened.finish(added.entry.id, "queued", id_message=ident)
            fake_api.add_statistic(ident, sent=n % 3, delivered=1, read=n % 5)
    started = time.monotonic()
    result = run(exe, ["report", "--json"], env_for(fake_api.url, state))
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert took <= 32, f"report took {took:.1f} s"
    assert fake_api.too_many == 0, "never over GREEN-API's 1 request a second"
    assert result.stdout.count('"idMessage"') == 30


@pytest.mark.parametrize("quiet", [False, True])
def test_a_terminal_shows_a_spinner_with_the_state_and_q_shows_nothing(
    exe: str, fake_api: FakeAPI, state: Path, quiet: bool
) -> None:
    import pexpect

    fake_api.schedule = {"sent": 2.5}
    args = ["post", "Doors open", "--wait", *(["-q"] if quiet else [])]
    env = env_for(fake_api.url, state, TERM="xterm", COLUMNS="100")
    child = pexpect.spawn(exe, args, env=env, encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    shown = child.before or ""
    if quiet:
        assert shown.strip() == ""
    else:
        assert "waiting for BAE5F4886F6F0001 to be sent (now pending)" in shown
        assert "BAE5F4886F6F0001 is sent after" in shown
