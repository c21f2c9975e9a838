"""An attacker's and a cron job's pass over Part 3, with real processes: once GREEN-API queued
a status, no failure of our own output may turn the exit into one a retrying wrapper acts on."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run
from helpers import state_env as env_for
from helpers.fakeapi import FakeAPI

FULL = "/dev/full"


@pytest.fixture
def env(fake_api: FakeAPI, tmp_path: Path) -> dict[str, str]:
    # Journal off: nothing but the exit code stands between a retrying wrapper and a repeat.
    return env_for(fake_api.url, tmp_path / "state", GREENSTATUS_JOURNAL="off")


def test_wait_json_reached_is_0_when_stdout_cannot_take_the_result(
    exe: str, fake_api: FakeAPI, env: dict[str, str]
) -> None:
    fake_api.schedule = {"sent": 0.1}
    with open(FULL, "w") as full:
        result = run(exe, ["post", "Doors open", "--wait", "--json"], env, stdout=full)
    assert result.returncode == 0, result.stderr
    assert "queued BAE5F4886F6F0001" in result.stderr
    assert len(fake_api.queued) == 1


@pytest.mark.parametrize("stdout", [FULL, "closed pipe"])
def test_wait_json_timeout_stays_8_when_stdout_cannot_take_the_result(
    exe: str, fake_api: FakeAPI, env: dict[str, str], stdout: str
) -> None:
    fake_api.schedule = {"sent": 100.0}
    args = ["post", "Doors open", "--wait", "--json", "--wait-timeout", "1"]
    if stdout == FULL:
        with open(FULL, "w") as full:
            result = run(exe, args, env, stdout=full)
    else:
        import os
        import subprocess

        read, write = os.pipe()
        os.close(read)  # the reader is gone before anything is written
        try:
            result = run(exe, args, env, stdout=write)
        finally:
            os.close(write)
        assert isinstance(result, subprocess.CompletedProcess)
    assert result.returncode == 8, result.stderr
    assert "do not post it again" in result.stderr
    assert len(fake_api.queued) == 1
