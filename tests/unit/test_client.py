"""The client alone: what counts as "nothing was sent", timeouts, and scrubbing."""

from __future__ import annotations

import pytest
import requests
import responses
import urllib3.exceptions
from helpers import SEND_URL, TOKEN
from helpers.fakeapi import ID_INSTANCE

from greenstatus import api as greenapi
from greenstatus.errors import ExitCode, GreenstatusError

INSTANCE = greenapi.Instance("https://7105.api.greenapi.com", ID_INSTANCE, TOKEN)


def wrapped(reason: Exception) -> requests.ConnectionError:
    """A ConnectionError shaped as requests raises it, with the URL (and token) inside."""
    url = f"/waInstance{ID_INSTANCE}/sendTextStatus/{TOKEN}"
    return requests.ConnectionError(urllib3.exceptions.MaxRetryError(None, url, reason))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "failure",
    [
        wrapped(urllib3.exceptions.NewConnectionError(None, "refused")),  # type: ignore[arg-type]
        wrapped(urllib3.exceptions.NameResolutionError("h", None, OSError("no DNS"))),  # type: ignore[arg-type]
        requests.ConnectTimeout("connect timed out"),
    ],
    ids=["refused", "dns", "connect-timeout"],
)
def test_failures_before_sending_are_retried(
    api: responses.RequestsMock, no_sleep: list[float], failure: Exception
) -> None:
    api.post(SEND_URL, body=failure)
    api.post(SEND_URL, json={"idMessage": "OK"})
    assert greenapi.send_text_status(INSTANCE, {"message": "x"}, retries=1) == {"idMessage": "OK"}
    assert len(no_sleep) == 1


@pytest.mark.parametrize(
    "failure",
    [
        wrapped(urllib3.exceptions.ProtocolError("Connection aborted.")),
        requests.ReadTimeout("read timed out"),
        requests.exceptions.ChunkedEncodingError("broken body"),
    ],
    ids=["aborted", "read-timeout", "broken-body"],
)
def test_failures_after_sending_are_not_retried(
    api: responses.RequestsMock, no_sleep: list[float], failure: Exception
) -> None:
    api.post(SEND_URL, body=failure)
    with pytest.raises(GreenstatusError) as caught:
        greenapi.send_text_status(INSTANCE, {"message": "x"}, retries=3)
    assert caught.value.exit_code == ExitCode.TEMPORARY
    assert "may or may not" in caught.value.message
    assert TOKEN not in caught.value.message
    assert no_sleep == []


def test_timeout_is_passed_to_every_attempt(
    api: responses.RequestsMock, no_sleep: list[float]
) -> None:
    api.post(SEND_URL, status=503, body="x")
    api.post(SEND_URL, json={"idMessage": "OK"})
    greenapi.send_text_status(INSTANCE, {"message": "x"}, timeout=4.5, retries=1)
    assert [c.request.req_kwargs["timeout"] for c in api.calls] == [4.5, 4.5]


def test_get_state_uses_get_and_null_means_being_created(api: responses.RequestsMock) -> None:
    api.get(INSTANCE.url("getStateInstance"), body="null", content_type="application/json")
    assert greenapi.get_state(INSTANCE) == {}


def test_shown_url_masks_the_token() -> None:
    assert INSTANCE.shown_url("sendTextStatus").endswith("/sendTextStatus/d75b…2345")
    assert TOKEN not in INSTANCE.scrub(f"failed: {INSTANCE.url('x')}")
