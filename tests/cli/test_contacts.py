"""Issue 18: `greenstatus contacts`, who can see statuses and why not, kept for 24 hours."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
import responses
from helpers import API_URL, ID_INSTANCE, TOKEN
from helpers.fakeapi import CONTACTS_EXAMPLE, ESCAPED_NAMES, contact_book
from typer.testing import CliRunner

from greenstatus import store
from greenstatus.cli import app

pytestmark = pytest.mark.usefixtures("creds_env")

CONTACTS_URL = f"{API_URL}/waInstance{ID_INSTANCE}/getContacts/{TOKEN}"


def _state(isolated: Path) -> Path:
    return isolated.parents[2] / "home" / ".local" / "state" / "greenstatus"


@pytest.fixture
def state(isolated: Path) -> Path:
    return _state(isolated)


def _gets(api: responses.RequestsMock) -> int:
    return sum(1 for call in api.calls if call.request.method == "GET")


def test_piped_output_is_one_contact_a_line(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.get(CONTACTS_URL, json=CONTACTS_EXAMPLE)
    result = runner.invoke(app, ["contacts"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "79001234567\tAnna (flowers)\tAnna\tyes",
        "79001234568\tBoris\tBoris\tyes",
        "79001234569\t\tVera\tno",
        "120363043968066561\t\tShop team\tno",
    ]


def test_json_gives_each_contact_and_the_reason(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    book = contact_book("no_contact_name", "groups", saved=1025)
    book.append({"id": "status@broadcast", "name": None, "contactName": "x", "type": "other"})
    api.get(CONTACTS_URL, json=book)
    result = runner.invoke(app, ["contacts", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [set(i) for i in items[:1]] == [
        {"id", "name", "contactName", "type", "sees_statuses", "reason"}
    ]
    reasons = [i["reason"] for i in items]
    assert reasons[:1024] == [None] * 1024
    assert reasons[1024:] == ["beyond_1024", *["no_contact_name"] * 3, "group", "other"]
    assert [i["sees_statuses"] for i in items].count(True) == 1024
    assert items[1025]["contactName"] == "" and "contactName" not in book[1026]


def test_the_table_says_why_and_sums_up(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    api.get(CONTACTS_URL, json=CONTACTS_EXAMPLE)
    result = runner.invoke(app, ["contacts"])
    assert result.exit_code == 0, result.output
    assert "not saved (no contactName)" in result.stdout
    assert "group" in result.stdout
    assert "4 contacts, 2 can see statuses" in result.stdout


def test_names_with_escapes_never_reach_the_terminal_but_json_keeps_them(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    api.get(CONTACTS_URL, json=contact_book("escapes"))
    shown = runner.invoke(app, ["contacts", "--refresh"])
    assert shown.exit_code == 0, shown.output
    for bad in ("\x1b", "\x07", "\u202e", "\r"):
        assert bad not in shown.stdout
    assert "Mallory" in shown.stdout
    api.get(CONTACTS_URL, json=contact_book("escapes"))
    as_json = runner.invoke(app, ["contacts", "--json", "--refresh"])
    names = [i["contactName"] for i in json.loads(as_json.stdout)]
    assert names == list(ESCAPED_NAMES)


def test_the_copy_is_kept_for_24_hours_and_refresh_fetches_again(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    api.get(CONTACTS_URL, json=CONTACTS_EXAMPLE)
    first = runner.invoke(app, ["contacts"])
    second = runner.invoke(app, ["contacts"])
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    assert _gets(api) == 1
    runner.invoke(app, ["contacts", "--refresh"])
    assert _gets(api) == 2
    with store.open_journal(folder=state) as opened:
        opened.keep_contacts(ID_INSTANCE, json.dumps(CONTACTS_EXAMPLE), time.time() - 24 * 3600)
    assert runner.invoke(app, ["contacts"]).exit_code == 0
    assert _gets(api) == 3


def test_contacts_txt_holds_the_names_that_see_statuses_0600(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    book = contact_book("no_contact_name", "groups", "escapes", saved=2)
    api.get(CONTACTS_URL, json=book)
    assert runner.invoke(app, ["contacts"]).exit_code == 0
    path = state / "contacts.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[:2] == ["Contact 0001", "Contact 0002"]
    assert lines[-1] == "" and len(lines) == 2 + len(ESCAPED_NAMES) + 1
    text = path.read_text(encoding="utf-8")
    assert not any(ch in text for ch in "\x1b\x07\r\u202e")
    assert "Line break name" in lines


def test_with_the_journal_off_it_fetches_every_time_and_keeps_nothing(
    runner: CliRunner, api: responses.RequestsMock, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GREENSTATUS_JOURNAL", "off")
    api.get(CONTACTS_URL, json=CONTACTS_EXAMPLE)
    assert runner.invoke(app, ["contacts"]).exit_code == 0
    assert runner.invoke(app, ["contacts"]).exit_code == 0
    assert _gets(api) == 2
    assert not (state / "contacts.txt").exists()
    assert not (state / "journal.sqlite3").exists()


@pytest.mark.parametrize(
    "answer",
    [
        {"contacts": []},
        [{"name": "no id"}],
        [{"id": "7900@c.us", "contactName": 5}],
        ["79001234567@c.us"],
        "not json at all",
    ],
)
def test_an_answer_of_unknown_shape_is_one_line_exit_75(
    runner: CliRunner, api: responses.RequestsMock, answer: Any
) -> None:
    if isinstance(answer, str):
        api.get(CONTACTS_URL, body=answer)
    else:
        api.get(CONTACTS_URL, json=answer)
    result = runner.invoke(app, ["contacts"])
    assert result.exit_code == 75, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert "GetContacts" in result.stderr


def test_getcontacts_is_paced_at_one_request_a_second(
    runner: CliRunner, api: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr("greenstatus.api.pacing.time.sleep", slept.append)
    monkeypatch.setattr("greenstatus.api.pacing._last_request", {})
    api.get(CONTACTS_URL, json=[])
    for _ in range(2):
        assert runner.invoke(app, ["contacts", "--refresh"]).exit_code == 0
    assert len(slept) == 1 and 0.5 < slept[0] <= 1.0


def test_an_empty_list_is_no_error(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.get(CONTACTS_URL, json=[])
    result = runner.invoke(app, ["contacts"])
    assert result.exit_code == 0 and result.stdout == ""


def test_without_credentials_it_is_a_config_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GREENSTATUS_ID_INSTANCE")
    result = runner.invoke(app, ["contacts"])
    assert result.exit_code == 78, result.output


def test_the_token_never_reaches_the_kept_copy(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    book = [{"id": "79001234567@c.us", "name": TOKEN, "contactName": "A", "type": "user"}]
    api.get(CONTACTS_URL, json=book)
    assert runner.invoke(app, ["contacts"]).exit_code == 0
    assert TOKEN[:8] not in (state / "journal.sqlite3").read_bytes().decode("latin-1")
    for name in os.listdir(state):
        if name.startswith("journal.sqlite3-"):
            assert TOKEN[:8] not in (state / name).read_bytes().decode("latin-1")
