"""`post --wait` ends at once when GREEN-API says the status will not be shown: failed, another
statusMessage than pending/sent/delivered/read, or a deletedMessage (exit 65, not 8)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import responses
from helpers import API_URL, SEND_URL, SETTINGS_URL, TOKEN
from helpers.fakeapi import ID_INSTANCE
from typer.testing import CliRunner

from greenstatus import store as jn
from greenstatus.api import pacing
from greenstatus.cli import app

pytestmark = pytest.mark.usefixtures("creds_env")

OUT_URL = f"{API_URL}/waInstance{ID_INSTANCE}/getOutgoingStatuses/{TOKEN}"


@pytest.fixture(autouse=True)
def no_pacing(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    monkeypatch.setattr(pacing, "_last_request", {})
    slept: list[float] = []
    monkeypatch.setattr("greenstatus.sending.wait.time.sleep", slept.append)
    return slept


def item(ident: str, status: Any, **fields: Any) -> dict[str, Any]:
    return {
        "type": "outgoing",
        "idMessage": ident,
        "timestamp": int(jn.utcnow().timestamp()),
        "typeMessage": "extendedTextMessage",
        "extendedTextMessage": {"text": "Doors open", "backgroundColor": "#228b22"},
        "statusMessage": status,
        "sendByApi": True,
        **fields,
    }


@pytest.mark.parametrize(
    ("reported", "state"),
    [
        (item("BAE5DEAD", "failed"), "failed"),
        (item("BAE5DEAD", "noAccount"), "noAccount"),
        (item("BAE5DEAD", "sent", typeMessage="deletedMessage"), "deleted"),
    ],
)
def test_wait_stops_at_once_with_65_when_the_status_will_not_be_shown(
    runner: CliRunner,
    api: responses.RequestsMock,
    no_pacing: list[float],
    reported: dict[str, Any],
    state: str,
) -> None:
    api.get(SETTINGS_URL, json={"outgoingWebhook": "yes"})
    api.post(SEND_URL, json={"idMessage": "BAE5DEAD"})
    api.get(OUT_URL, json=[reported])
    result = runner.invoke(app, ["post", "Doors open", "--wait", "read", "--wait-timeout", "3"])
    assert result.exit_code == 65, result.output
    assert result.stdout == "BAE5DEAD\n"
    line = (
        f"greenstatus: error: GREEN-API reports the status {state}: "
        "it was queued but will not be shown"
    )
    assert line in result.stderr.splitlines()
    assert "do not post it again" not in result.stderr
    assert len([c for c in api.calls if "getOutgoingStatuses" in c.request.url]) == 1
    assert no_pacing == [], "no second poll"
    history = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert history[0]["delivery"] == state


def test_wait_json_on_a_failed_status_is_the_state_and_the_wait(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(SETTINGS_URL, json={"outgoingWebhook": "yes"})
    api.post(SEND_URL, json={"idMessage": "BAE5DEAD"})
    api.get(OUT_URL, json=[item("BAE5DEAD", "failed")])
    result = runner.invoke(app, ["post", "Doors open", "--wait", "--wait-timeout", "1", "--json"])
    assert result.exit_code == 65, result.output
    answer = json.loads(result.stdout)
    assert set(answer) == {"idMessage", "state", "waited"}
    assert answer["idMessage"] == "BAE5DEAD" and answer["state"] == "failed"


@pytest.mark.parametrize("status", [None, "", 7, "pending"])
def test_a_missing_or_odd_status_message_keeps_waiting(
    runner: CliRunner, api: responses.RequestsMock, status: Any
) -> None:
    api.get(SETTINGS_URL, json={"outgoingWebhook": "yes"})
    api.post(SEND_URL, json={"idMessage": "BAE5SLOW"})
    api.get(OUT_URL, json=[item("BAE5SLOW", status)])
    result = runner.invoke(app, ["post", "Doors open", "--wait", "--wait-timeout", "1"])
    assert result.exit_code == 8, result.output


def test_a_control_sequence_in_the_state_never_reaches_the_terminal(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(SETTINGS_URL, json={"outgoingWebhook": "yes"})
    api.post(SEND_URL, json={"idMessage": "BAE5DEAD"})
    api.get(OUT_URL, json=[item("BAE5DEAD", "bad\x1b[2Jstate")])
    result = runner.invoke(app, ["post", "Doors open", "--wait", "--wait-timeout", "1"])
    assert result.exit_code == 65, result.output
    assert "\x1b" not in result.stderr


def test_a_ctrl_c_swallowed_by_a_finalizer_during_a_poll_ends_the_wait_with_130(
    runner: CliRunner, api: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """urllib3 closes a pool's connections from a finalizer; a Ctrl-C landing there is
    swallowed by Python. The wait must still end (130, queued), not run on to exit 8."""
    import weakref

    from greenstatus.api import statuses

    real = statuses.get_statuses

    def polled(*args: Any, **kwargs: Any) -> Any:
        class Pool:
            pass

        pool = Pool()
        weakref.finalize(pool, _interrupt)
        del pool
        return real(*args, **kwargs)

    monkeypatch.setattr(statuses, "get_statuses", polled)
    api.get(SETTINGS_URL, json={"outgoingWebhook": "yes"})
    api.post(SEND_URL, json={"idMessage": "BAE5DEAD"})
    api.get(OUT_URL, json=[item("BAE5DEAD", "pending")])
    result = runner.invoke(app, ["post", "Doors open", "--wait", "--wait-timeout", "30"])
    assert result.exit_code == 130, result.output
    assert result.stdout == "BAE5DEAD\n"
    assert "queued" in result.stderr
    assert "Exception ignored" not in result.stderr
    assert len([c for c in api.calls if "getOutgoingStatuses" in c.request.url]) == 1


def _interrupt() -> None:
    raise KeyboardInterrupt
