"""Issue 16, API semantics, through CliRunner and responses: which answers are ambiguous, which
may be repeated, and the words a failure is reported in."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
import urllib3.exceptions
from helpers import API_URL, SEND_URL, STATE_URL, TOKEN
from helpers.fakeapi import ID_INSTANCE, FakeAPI, Reply
from typer.testing import CliRunner

from greenstatus.cli import app

pytestmark = pytest.mark.usefixtures("creds_env", "no_sleep")

BASE = f"{API_URL}/waInstance{ID_INSTANCE}"
MEDIA_URL = "https://media.example.test"
UPLOAD_URL = f"{MEDIA_URL}/waInstance{ID_INSTANCE}/uploadFile/{TOKEN}"
DELETE_URL = f"{BASE}/deleteStatus/{TOKEN}"
OUT_URL = f"{BASE}/getOutgoingStatuses/{TOKEN}"
STAT_URL = f"{BASE}/getStatusStatistic/{TOKEN}"
NESTED = "[" * 100_000
LIBRARY_WORDS = ("Max retries", "HTTPConnectionPool", "NewConnectionError", "urllib3")

SENDS = {
    "text": (["post", "hi"], SEND_URL),
    "media": (
        ["post", "--media", "https://e.test/a.jpg", "caption"],
        f"{BASE}/sendMediaStatus/{TOKEN}",
    ),
    "voice": (["post", "--voice", "https://e.test/v.ogg"], f"{BASE}/sendVoiceStatus/{TOKEN}"),
}


def history(runner: CliRunner) -> list[dict[str, object]]:
    result = runner.invoke(app, ["history", "--json"])
    assert result.exit_code == 0, result.output
    entries: list[dict[str, object]] = json.loads(result.stdout)
    return entries


# --- 1. a 502 from a send method is ambiguous ---------------------------------------------------


@pytest.mark.parametrize("kind", list(SENDS))
@pytest.mark.parametrize("outbox", [[], ["--outbox"]], ids=["plain", "outbox"])
def test_502_from_a_send_is_never_sent_again(
    runner: CliRunner, api: responses.RequestsMock, kind: str, outbox: list[str]
) -> None:
    args, url = SENDS[kind]
    api.post(url, status=502, body="Bad Gateway")
    result = runner.invoke(app, [*args, *outbox, "--retries", "3"])
    assert result.exit_code == 75, result.output
    assert len(api.calls) == 1, "a 502 may hide a queued status: never re-sent"
    assert "may or may not have been queued" in result.stderr
    assert "kept in the outbox" not in result.stderr
    assert [e["state"] for e in history(runner)] == ["unknown"]


@pytest.mark.parametrize(
    ("args", "url", "answer"),
    [
        (["list"], OUT_URL, {"json": [{"idMessage": "A", "timestamp": 1}]}),
        (["stats", "A"], STAT_URL, {"json": []}),
        (["config", "check"], STATE_URL, {"json": {"stateInstance": "starting"}}),
    ],
    ids=["list", "stats", "config-check"],
)
def test_502_from_a_get_is_still_retried(
    runner: CliRunner,
    api: responses.RequestsMock,
    args: list[str],
    url: str,
    answer: dict[str, object],
) -> None:
    api.get(url, status=502, body="Bad Gateway")
    api.get(url, **answer)  # type: ignore[arg-type]
    result = runner.invoke(app, args)
    assert len(api.calls) == 2
    assert result.exit_code in (0, 75), result.output
    assert "502" not in result.stderr


def test_502_from_the_upload_is_still_retried(
    runner: CliRunner,
    api: responses.RequestsMock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GREENSTATUS_MEDIA_URL", MEDIA_URL)
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"x" * 100)
    api.post(UPLOAD_URL, status=502, body="Bad Gateway")
    api.post(UPLOAD_URL, json={"urlFile": "https://e.test/f.jpg"})
    api.post(SENDS["media"][1], json={"idMessage": "M"})
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 0, result.output
    assert [c.request.url for c in api.calls].count(UPLOAD_URL) == 2


# --- 2. a delete whose retry finds nothing succeeded ----------------------------------------------

LOST = {
    "500": {"status": 500, "body": "Internal Server Error"},
    "502": {"status": 502, "body": "Bad Gateway"},
    "504": {"status": 504, "body": "Gateway Timeout"},
    "read-timeout": {"body": requests.ReadTimeout("read timed out")},
    "dropped": {
        "body": requests.ConnectionError(urllib3.exceptions.ProtocolError("Connection aborted."))
    },
}


def _posted(runner: CliRunner, api: responses.RequestsMock, *ids: str) -> None:
    for n, ident in enumerate(ids):
        api.post(SEND_URL, json={"idMessage": ident})
        assert runner.invoke(app, ["post", f"status {n}"]).exit_code == 0


@pytest.mark.parametrize("lost", list(LOST))
def test_delete_whose_retry_finds_nothing_succeeded(
    runner: CliRunner, api: responses.RequestsMock, lost: str
) -> None:
    _posted(runner, api, "OLDER", "NEWER")
    api.post(DELETE_URL, **LOST[lost])  # type: ignore[arg-type]
    api.post(DELETE_URL, status=400, body="ID message notfound")
    result = runner.invoke(app, ["delete", "last", "--yes"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "NEWER\n"
    deletes = [c for c in api.calls if c.request.url == DELETE_URL]
    assert [json.loads(c.request.body or "") for c in deletes] == [{"idMessage": "NEWER"}] * 2
    assert {e["id_message"]: e["state"] for e in history(runner)} == {
        "NEWER": "deleted",
        "OLDER": "queued",
    }
    api.get(STAT_URL, json=[])
    assert runner.invoke(app, ["stats", "last"]).exit_code == 0
    assert api.calls[-1].request.url.endswith("idMessage=OLDER"), "last moved on"  # type: ignore[union-attr]


def test_delete_notfound_on_the_first_attempt_stays_65(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(DELETE_URL, status=400, body="ID message notfound")
    result = runner.invoke(app, ["delete", "BAE5", "--yes"])
    assert result.exit_code == 65
    assert len(api.calls) == 1


def test_delete_notfound_after_a_safe_retry_stays_65(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(DELETE_URL, status=503, body="Service Unavailable")
    api.post(DELETE_URL, status=400, body="ID message notfound")
    result = runner.invoke(app, ["delete", "BAE5", "--yes"])
    assert result.exit_code == 65, "a 503 did nothing, so the status was never there"


def test_delete_whose_answers_stay_lost_may_or_may_not_have_deleted(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(DELETE_URL, status=500, body="boom")
    result = runner.invoke(app, ["delete", "BAE5", "--yes", "--retries", "2"])
    assert result.exit_code == 75
    assert len(api.calls) == 3, "deleting twice does no harm"
    assert "may or may not have been deleted" in result.stderr
    assert "queued" not in result.stderr


# --- 3. failures in our words ---------------------------------------------------------------------


@pytest.mark.parametrize("body", ["{}", ""])
def test_503_says_what_it_means_and_that_nothing_was_queued(
    runner: CliRunner, api: responses.RequestsMock, body: str
) -> None:
    api.post(SEND_URL, status=503, body=body)
    result = runner.invoke(app, ["post", "hi", "--retries", "0"])
    assert result.exit_code == 75
    assert "(HTTP 503: {})" not in result.stderr
    assert "unavailable" in result.stderr and "nothing was queued" in result.stderr
    assert "try again" in result.stderr


def test_429_says_nothing_was_queued(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.post(SEND_URL, status=429, body="Too Many Requests")
    result = runner.invoke(app, ["post", "hi", "--retries", "0"])
    assert result.exit_code == 75
    assert "rate limited" in result.stderr and "nothing was queued" in result.stderr


def test_a_get_that_fails_never_speaks_of_queueing(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(STATE_URL, status=500, body="boom")
    result = runner.invoke(app, ["config", "check"])
    assert result.exit_code == 75
    assert "nothing was changed" in result.stderr
    assert "queued" not in result.stderr


def test_dropped_connection_is_in_our_words(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.post(SEND_URL, body=LOST["dropped"]["body"])
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 75
    assert "the connection to 7105.api.greenapi.com:443 broke" in result.stderr
    assert "may or may not have been queued" in result.stderr
    assert not any(words in result.stderr for words in LIBRARY_WORDS)


# --- 4. a proxy's refusal is the proxy's ---------------------------------------------------------


def test_407_is_the_proxy_asking_for_a_password(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(SEND_URL, status=407, body="Proxy Authentication Required")
    result = runner.invoke(app, ["post", "hi", "--outbox"])
    assert result.exit_code == 77, result.output
    assert "proxy" in result.stderr and "GREEN-API" not in result.stderr
    assert "nothing was sent" in result.stderr
    assert len(api.calls) == 1


# --- 5. deeply nested JSON is the server's fault, never exit 1 -----------------------------------


@pytest.mark.parametrize(
    ("args", "method", "url", "code"),
    [
        (["post", "hi"], responses.POST, SEND_URL, 75),
        (["list"], responses.GET, OUT_URL, 75),
        (["stats", "A"], responses.GET, STAT_URL, 75),
        (["delete", "A", "--yes"], responses.POST, DELETE_URL, 0),
        (["config", "check"], responses.GET, STATE_URL, 75),
    ],
    ids=["send", "list", "stats", "delete", "config-check"],
)
def test_deeply_nested_json_is_never_exit_1(
    runner: CliRunner,
    api: responses.RequestsMock,
    args: list[str],
    method: str,
    url: str,
    code: int,
) -> None:
    api.add(method, url, body=NESTED, content_type="application/json")
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert "unexpected error" not in result.stderr


def test_deeply_nested_upload_answer_is_never_exit_1(
    runner: CliRunner,
    api: responses.RequestsMock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GREENSTATUS_MEDIA_URL", MEDIA_URL)
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"x" * 100)
    api.post(UPLOAD_URL, body=NESTED, content_type="application/json")
    result = runner.invoke(app, ["post", "--media", str(photo), "--retries", "0"])
    assert result.exit_code == 75, result.output
    assert "nothing was posted" in result.stderr


@pytest.mark.parametrize(
    ("url", "args"),
    [(SEND_URL, ["post", "hi"]), (DELETE_URL, ["delete", "A", "--yes"])],
    ids=["send", "delete"],
)
def test_a_200_carrying_code_401_is_refused_wherever_it_comes(
    runner: CliRunner, api: responses.RequestsMock, url: str, args: list[str]
) -> None:
    api.post(url, json={"code": 401, "description": "Unauthorized"})
    result = runner.invoke(app, args)
    assert result.exit_code == 77
    assert "HTTP 200 carrying code 401" in result.stderr


def test_a_deadline_while_connecting_says_nothing_was_sent_and_keeps_the_entry(
    runner: CliRunner, fake_api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A resolver slower than --timeout (a dead DNS server: 5 s a try) lets the whole-attempt
    deadline fire before any connection exists: nothing was sent, so the outbox keeps it."""
    real = socket.getaddrinfo

    def slow(*args: Any, **kwargs: Any) -> Any:
        threading.Event().wait(2)  # the watchdog's SIGALRM interrupts this wait
        return real(*args, **kwargs)

    monkeypatch.setenv("GREENSTATUS_API_URL", fake_api.url)
    monkeypatch.setattr(socket, "getaddrinfo", slow)
    result = runner.invoke(app, ["post", "hi", "--outbox", "--timeout", "0.5", "--retries", "0"])
    assert result.exit_code == 75, result.output
    assert "nothing was sent" in result.stderr
    assert "may or may not" not in result.stderr
    assert fake_api.seen == []
    assert [e["state"] for e in history(runner)] == ["pending"]


def test_a_proxy_asking_for_a_password_keeps_the_outbox_entry_for_the_next_flush(
    runner: CliRunner, fake_api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GREEN-API never saw the request: the entry is not `refused` (GREEN-API's own answer),
    so a cron flush sends it once the proxy's password is fixed."""
    monkeypatch.setenv("GREENSTATUS_API_URL", fake_api.url)
    fake_api.replies.append(Reply(407, "Proxy Authentication Required"))
    result = runner.invoke(app, ["post", "hi", "--outbox", "--retries", "0"])
    assert result.exit_code == 77, result.output
    assert "kept in the outbox" in result.stderr
    assert [e["state"] for e in history(runner)] == ["pending"]
    flushed = runner.invoke(app, ["outbox", "flush"])
    assert flushed.exit_code == 0, flushed.output
    assert [body["message"] for body in fake_api.queued] == ["hi"]
