"""Issue 18 with the installed command against the local server: contacts, names, --except."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from helpers import leaks, run
from helpers import state_env as env_for
from helpers.fakeapi import ESCAPED_NAMES, FakeAPI, contact_book


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


def posted(api: FakeAPI) -> list[dict[str, object]]:
    return [s.json() for s in api.seen if s.method == "POST" and "sendTextStatus" in s.path]


def fetched(api: FakeAPI) -> int:
    return sum(1 for s in api.seen if "/getContacts/" in s.path)


def test_contacts_then_names_and_except_use_the_kept_copy(
    exe: str, fake_api: FakeAPI, state: Path
) -> None:
    fake_api.contacts = contact_book("no_contact_name", "groups", "case", saved=3)
    env = env_for(fake_api.url, state)
    listed = run(exe, ["contacts"], env)
    assert listed.returncode == 0, listed.stderr
    assert "79200000001\t\t\tno" in listed.stdout.splitlines()
    assert stat.S_IMODE((state / "contacts.txt").stat().st_mode) == 0o600
    by_name = run(exe, ["post", "hi", "-t", "contact 0001", "-t", "79200000001"], env)
    assert by_name.returncode == 0, by_name.stderr
    assert "79200000001 will not see it: not saved (no contactName)" in by_name.stderr
    everyone_but = run(exe, ["post", "bye", "--except", "Contact 0002,sasha"], env)
    assert everyone_but.returncode == 2 and "matches 2 contacts" in everyone_but.stderr
    everyone_but = run(exe, ["post", "bye", "--except", "Contact 0002,79300000001"], env)
    assert everyone_but.returncode == 0, everyone_but.stderr
    assert [p["participants"] for p in posted(fake_api)] == [
        ["79100000001@c.us", "79200000001@c.us"],
        ["79100000001@c.us", "79100000003@c.us", "79300000002@c.us"],
    ]
    assert fetched(fake_api) == 1


def test_a_name_fetches_once_when_nothing_is_kept(exe: str, fake_api: FakeAPI, state: Path) -> None:
    env = env_for(fake_api.url, state)
    result = run(exe, ["post", "hi", "-t", "boris"], env)
    assert result.returncode == 0, result.stderr
    assert posted(fake_api)[0]["participants"] == ["79001234568@c.us"]
    assert fetched(fake_api) == 1
    assert (state / "contacts.txt").read_text(encoding="utf-8") == "Anna (flowers)\nBoris\n"


def test_dry_run_with_a_name_and_nothing_kept_makes_no_request(
    exe: str, fake_api: FakeAPI, state: Path
) -> None:
    result = run(exe, ["post", "hi", "-t", "boris", "--dry-run"], env_for(fake_api.url, state))
    assert result.returncode == 2 and "greenstatus contacts" in result.stderr
    assert fake_api.seen == []


def test_escaped_names_never_reach_the_terminal(exe: str, fake_api: FakeAPI, state: Path) -> None:
    fake_api.contacts = contact_book("escapes")
    env = env_for(fake_api.url, state, GREENSTATUS_FORCE_TTY="1")
    shown = run(exe, ["contacts"], env)
    assert shown.returncode == 0, shown.stderr
    # Rich's own colours are SGR sequences (ESC [ ... m); nothing else may be there.
    for line in re.sub(r"\x1b\[[0-9;]*m", "", shown.stdout).splitlines():
        assert line.isprintable(), repr(line)
    assert "Mallory" in shown.stdout
    as_json = run(exe, ["contacts", "--json"], env_for(fake_api.url, state))
    assert [c["contactName"] for c in json.loads(as_json.stdout)] == list(ESCAPED_NAMES)
    unknown = run(exe, ["post", "hi", "-t", "Malory"], env_for(fake_api.url, state))
    assert unknown.returncode == 2
    assert "did you mean 'Mallory'" in unknown.stderr and "\x1b" not in unknown.stderr
    cleaned = run(exe, ["post", "hi", "-t", "mallory"], env_for(fake_api.url, state))
    assert cleaned.returncode == 0, cleaned.stderr
    assert posted(fake_api)[-1]["participants"] == ["79400000000@c.us"]


def test_over_1024_contacts_and_an_empty_list(exe: str, fake_api: FakeAPI, state: Path) -> None:
    fake_api.contacts = contact_book(saved=1030)
    env = env_for(fake_api.url, state)
    listed = run(exe, ["contacts", "--json"], env)
    reasons = [c["reason"] for c in json.loads(listed.stdout)]
    assert reasons.count("beyond_1024") == 6 and reasons[:1024] == [None] * 1024
    assert len((state / "contacts.txt").read_text(encoding="utf-8").splitlines()) == 1024
    fake_api.contacts = contact_book()
    emptied = run(exe, ["contacts", "--refresh"], env)
    assert emptied.returncode == 0 and emptied.stdout == ""
    assert (state / "contacts.txt").read_text(encoding="utf-8") == ""
    nobody = run(exe, ["post", "hi", "--except", "79001234567"], env)
    assert nobody.returncode == 2 and "never widened" in nobody.stderr
    assert posted(fake_api) == []


def test_an_unknown_shape_is_exit_75_and_the_token_never_shows(
    exe: str, fake_api: FakeAPI, state: Path
) -> None:
    fake_api.contacts = {"error": "no"}  # type: ignore[assignment]
    result = run(exe, ["contacts"], env_for(fake_api.url, state))
    assert result.returncode == 75
    assert len(result.stderr.strip().splitlines()) == 1
    assert leaks(result.stderr + result.stdout) == []
