"""SIGTERM and SIGHUP while `post --wait` polls: the status is queued, so the exit is 128+N
(never 0, never a retryable code), stderr says it is queued and stdout carries its idMessage."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from helpers import profiles_env, rows, start_waiting
from helpers import state_env as env_for
from helpers.fakeapi import FakeAPI


@pytest.mark.parametrize(
    ("signum", "code", "as_json"),
    [(signal.SIGTERM, 143, False), (signal.SIGHUP, 129, False), (signal.SIGTERM, 143, True)],
)
def test_a_signal_while_waiting_is_128_plus_n_and_says_queued(
    exe: str, fake_api: FakeAPI, tmp_path: Path, signum: int, code: int, as_json: bool
) -> None:
    state = tmp_path / "state"
    args = [exe, "post", "Doors open", "--wait", "--wait-timeout", "60"]
    proc = start_waiting(
        args + (["--json"] if as_json else []), env_for(fake_api.url, state), fake_api
    )
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    if as_json:
        answer = json.loads(out)
        assert answer["idMessage"] == "BAE5F4886F6F0001" and answer["state"] == "pending"
    else:
        assert out == "BAE5F4886F6F0001\n"
    name = signal.Signals(signum).name
    assert f"{name} while waiting; status BAE5F4886F6F0001 is queued" in err
    assert "do not post it again" in err and "Traceback" not in err
    assert rows(state)[0][1:3] == ("queued", "BAE5F4886F6F0001")
    assert len(fake_api.queued) == 1


def test_sigterm_while_one_profile_waits_stops_the_later_profiles(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    env = profiles_env([("a", fake_api), ("b", fake_api)], tmp_path)
    args = [exe, "post", "Doors open", "-p", "a", "-p", "b", "--wait", "--wait-timeout", "60"]
    proc = start_waiting(args, env, fake_api)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "SIGTERM while waiting" in err
    assert len(fake_api.queued) == 1, "profile b posted nothing"
