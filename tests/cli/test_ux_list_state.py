"""Issue 16, `list --state`: only your statuses in one state, so counting read ones does not
count texts that contain the word "read"."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses
from helpers import API_URL, TOKEN
from helpers.fakeapi import ID_INSTANCE
from typer.testing import CliRunner

from greenstatus.api import pacing
from greenstatus.cli import app

pytestmark = pytest.mark.usefixtures("creds_env")

OUT_URL = f"{API_URL}/waInstance{ID_INSTANCE}/getOutgoingStatuses/{TOKEN}"


def item(ident: str, state: Any, text: str) -> dict[str, Any]:
    return {
        "type": "outgoing",
        "idMessage": ident,
        "timestamp": 1710134811,
        "typeMessage": "extendedTextMessage",
        "textMessage": text,
        "extendedTextMessage": {"text": text},
        "statusMessage": state,
    }


ITEMS = [
    item("A1", "read", "seen by someone"),
    item("A2", "delivered", "already read the news?"),
    item("A3", "sent", "read all about it"),
    item("A4", "pending", "read me"),
    item("A5", "read", "also seen"),
    item("A6", ["read"], "a state of another type"),
    "not an item",
]


@pytest.fixture(autouse=True)
def fresh_pace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pacing, "_last_request", {})
    monkeypatch.setattr("greenstatus.api.pacing.time.sleep", lambda _s: None)


@pytest.mark.parametrize(
    ("state", "ids"),
    [("read", ["A1", "A5"]), ("delivered", ["A2"]), ("sent", ["A3"]), ("pending", ["A4"])],
)
def test_list_state_keeps_only_that_state(
    runner: CliRunner, api: responses.RequestsMock, state: str, ids: list[str]
) -> None:
    api.get(OUT_URL, json=ITEMS)
    result = runner.invoke(app, ["list", "--state", state])
    assert result.exit_code == 0, result.output
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ids
    assert result.stderr == ""


def test_list_state_json_is_the_matching_items_unchanged(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(OUT_URL, json=ITEMS)
    result = runner.invoke(app, ["list", "--state", "read", "--json"])
    assert json.loads(result.stdout) == [ITEMS[0], ITEMS[4]]


def test_no_match_asks_nothing_more(runner: CliRunner, api: responses.RequestsMock) -> None:
    """The journal is not empty, so the outgoingWebhook hint (a getSettings call) is not due."""
    api.get(OUT_URL, json=ITEMS[1:4])
    result = runner.invoke(app, ["list", "--state", "read"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert len(api.calls) == 1


@pytest.mark.parametrize("args", [["--incoming", "--state", "read"], ["--state", "seen"]])
def test_list_state_refused_before_any_request(
    runner: CliRunner, api: responses.RequestsMock, args: list[str]
) -> None:
    result = runner.invoke(app, ["list", *args])
    assert result.exit_code == 2, result.output
    assert len(api.calls) == 0
    if "--incoming" in args:
        assert result.stderr == (
            "greenstatus: error: --state filters your own statuses by what became of them; "
            "--incoming lists your contacts' statuses, which have no state\n"
        )
