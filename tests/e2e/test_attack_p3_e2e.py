"""An attacker's and a cron job's pass over Part 3, with real processes: once GREEN-API queued
a status, no failure of our own output may turn the exit into one a retrying wrapper acts on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import profiles_env, run
from helpers import state_env as env_for
from helpers.fakeapi import FakeAPI

FULL = "/dev/full"


@pytest.fixture
def env(fake_api: FakeAPI, tmp_path: Path) -> dict[str, str]:
    # Journal off: nothing but the exit code stands between a retrying wrapper and a repeat.
    return env_for(fake_api.url, tmp_path / "state", GREENSTATUS_JOURNAL="off")


@pytest.fixture
def two_profiles(fake_api: FakeAPI, tmp_path: Path) -> Iterator[dict[str, str]]:
    yield profiles_env([("a", fake_api), ("b", fake_api)], tmp_path, GREENSTATUS_JOURNAL="off")


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


def test_several_profiles_queued_are_0_when_stdout_cannot_take_the_lines(
    exe: str, fake_api: FakeAPI, two_profiles: dict[str, str]
) -> None:
    with open(FULL, "w") as full:
        result = run(exe, ["post", "Open today", "-p", "a", "-p", "b"], two_profiles, stdout=full)
    assert result.returncode == 0, result.stderr
    # The ids are not lost: stderr names each profile's.
    assert "BAE5F4886F6F0001 (a)" in result.stderr
    assert "BAE5F4886F6F0002 (b)" in result.stderr
    assert len(fake_api.queued) == 2


def test_report_best_line_never_puts_a_servers_id_on_the_terminal_raw(
    exe: str, fake_api: FakeAPI, env: dict[str, str]
) -> None:
    import time

    from helpers.fakeapi import Reply

    # A status posted from the phone, with no text: `Best:` names it by its idMessage.
    evil = "BAE5\x1b]0;owned\x07\u202eX\x1b[2J"
    phone = {
        "type": "outgoing",
        "idMessage": evil,
        "timestamp": int(time.time()) - 60,
        "typeMessage": "extendedTextMessage",
        "textMessage": "",
        "statusMessage": "read",
        "sendByApi": False,
    }
    fake_api.replies.append(Reply(200, [phone]))
    fake_api.replies.append(Reply(200, [{"participant": "79001234567@c.us", "status": "read"}]))
    terminal = {**env, "GREENSTATUS_FORCE_TTY": "1", "COLUMNS": "150"}
    result = run(exe, ["report", "--all"], terminal)
    assert result.returncode == 0, result.stderr
    assert "Best: BAE5" in result.stdout
    for control in ("\x1b]", "\x07", "\u202e", "\x1b[2J"):
        assert control not in result.stdout + result.stderr


@pytest.mark.parametrize("option", ["-t", "--except"])
def test_a_contact_name_with_a_comma_is_never_split_into_other_people(
    exe: str, fake_api: FakeAPI, env: dict[str, str], option: str
) -> None:
    # TAB offers "Smith, John" from contacts.txt; split on its comma it named Smith and John
    # (-t sent to two others; --except excepted them and sent to Smith, John).
    fake_api.contacts = [
        {"id": f"7900000000{n}@c.us", "name": "", "contactName": name, "type": "user"}
        for n, name in enumerate(["Smith, John", "Smith", "John", "Anna"], start=1)
    ]
    kept = {**env, "GREENSTATUS_JOURNAL": "on"}
    assert run(exe, ["contacts"], kept).returncode == 0
    for value in ("Smith, John", "smith,  JOHN"):
        result = run(exe, ["post", "Open", option, value], kept)
        assert result.returncode == 2, result.stdout
        assert "is one contact's name" in result.stderr
    assert fake_api.queued == []
    # A comma list of names that are not one contact's still works.
    result = run(exe, ["post", "Open", option, "Smith,John", "--dry-run"], kept)
    assert result.returncode == 0, result.stderr


def test_except_says_when_a_number_in_it_leaves_nobody_out(
    exe: str, fake_api: FakeAPI, env: dict[str, str]
) -> None:
    # A typo in --except is ignored, as the contract says; unsaid, the person meant to be left
    # out would see the status.
    fake_api.contacts = [
        {"id": f"7900000000{n}@c.us", "name": "", "contactName": name, "type": "user"}
        for n, name in enumerate(["Anna", "Boris"], start=1)
    ]
    kept = {**env, "GREENSTATUS_JOURNAL": "on"}
    assert run(exe, ["contacts"], kept).returncode == 0
    result = run(exe, ["post", "Open", "--except", "79000000002,79000000009", "--dry-run"], kept)
    assert result.returncode == 0, result.stderr
    assert '"79000000001@c.us"' in result.stdout and "79000000002@c.us" not in result.stdout
    assert "--except 79000000009 is not a contact" in result.stderr
    assert "79000000002 is not a contact" not in result.stderr
