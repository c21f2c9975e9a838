"""The HTTP side, and the only module that imports requests: URLs, safe retries, error mapping."""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests
import urllib3.exceptions

from . import __version__
from .config import mask
from .errors import (
    DataRefusedError,
    GreenstatusError,
    PermissionRefusedError,
    TemporaryError,
    UnavailableError,
)

USER_AGENT = f"greenstatus/{__version__}"
MAX_RETRY_AFTER = 60.0
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
MAYBE_QUEUED = (
    "the status may or may not have been queued; check the instance's outgoing statuses "
    "before posting it again"
)

Log = Callable[[str], None]


@dataclass(frozen=True)
class Instance:
    api_url: str
    id_instance: str
    token: str

    def url(self, method: str) -> str:
        return f"{self.api_url}/waInstance{self.id_instance}/{method}/{self.token}"

    def shown_url(self, method: str) -> str:
        return f"{self.api_url}/waInstance{self.id_instance}/{method}/{mask(self.token)}"

    def scrub(self, text: str) -> str:
        """Replace the token wherever it appears: requests puts whole URLs in its messages."""
        return text.replace(self.token, mask(self.token)) if self.token else text


class _Retry(Exception):
    """One attempt failed in a way that cannot have queued the status; try again."""

    def __init__(self, error: GreenstatusError, wait: float | None = None) -> None:
        self.error = error
        self.wait = wait


def _server_words(response: requests.Response) -> str:
    """The server's own message, from a JSON envelope if there is one, else its text."""
    text = response.text.strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ("message", "description", "error", "reason"):
            if isinstance(data.get(key), str):
                return str(data[key])
    return " ".join(text.split())[:300] or response.reason or "no message"


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        seconds = parsed.timestamp() - time.time()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _error_for(response: requests.Response, instance: Instance) -> GreenstatusError | _Retry:
    code = response.status_code
    words = instance.scrub(_server_words(response))
    said = f"(HTTP {code}: {words})"
    lowered = words.lower()
    if code == 400:
        if "starting process" in lowered:
            return _Retry(
                TemporaryError(
                    f"the instance is starting; try again in a minute {said}", http_status=code
                )
            )
        if any(s in lowered for s in ("not authorized", "expired", "deleted", "blocked")):
            return UnavailableError(
                f"the instance cannot send: not authorised, expired, deleted or blocked {said}; "
                "see console.green-api.com",
                http_status=code,
            )
        return DataRefusedError(f"GREEN-API refused the request {said}", http_status=code)
    if code == 401:
        return PermissionRefusedError(
            f"apiTokenInstance was rejected {said}; check the token in the GREEN-API console",
            http_status=code,
        )
    if code in (403, 404):
        return PermissionRefusedError(
            f"access refused {said}: idInstance or apiUrl is wrong, or this instance has no "
            "access to the status methods (request it from GREEN-API support)",
            http_status=code,
        )
    if code == 429:
        return _Retry(
            TemporaryError(f"rate limited by GREEN-API {said}; try again later", http_status=code),
            _retry_after(response),
        )
    if code == 466:
        return UnavailableError(f"the instance's quota is used up {said}", http_status=code)
    if code in (502, 503):
        return _Retry(TemporaryError(f"GREEN-API is unavailable {said}", http_status=code))
    if code >= 500 or code == 499:
        return TemporaryError(f"GREEN-API failed {said}; {MAYBE_QUEUED}", http_status=code)
    if 400 <= code < 500:
        return DataRefusedError(f"GREEN-API refused the request {said}", http_status=code)
    return TemporaryError(f"unexpected answer {said}; {MAYBE_QUEUED}", http_status=code)


def _json_answer(response: requests.Response, instance: Instance) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        data = ...
    if data is None:
        # getStateInstance answers null while the instance is still being created.
        return {}
    if isinstance(data, dict) and data.get("code") == 401:
        # The Go SDK has seen this: an HTTP 200 that is really a refused token.
        raise PermissionRefusedError(
            "apiTokenInstance was rejected (HTTP 200 carrying code 401)", http_status=200
        )
    if not isinstance(data, dict):
        words = instance.scrub(" ".join(response.text.split())[:300])
        raise TemporaryError(
            f"GREEN-API answered 200 without a JSON object ({words!r}); {MAYBE_QUEUED}",
            http_status=200,
        )
    return data


def _connect_failed(exc: requests.RequestException) -> bool:
    """True when no byte of the request can have reached the server."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(
        reason, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError
    )


def _attempt(
    session: requests.Session,
    method: str,
    instance: Instance,
    api_method: str,
    body: dict[str, Any] | None,
    timeout: float,
) -> requests.Response:
    try:
        return session.request(method, instance.url(api_method), json=body, timeout=timeout)
    except requests.RequestException as exc:
        detail = instance.scrub(str(exc))
        if _connect_failed(exc):
            raise _Retry(
                TemporaryError(f"cannot connect to {instance.api_url}: {detail}")
            ) from None
        if isinstance(exc, requests.ReadTimeout):
            raise TemporaryError(f"no answer within {timeout:g} s; {MAYBE_QUEUED}") from None
        raise TemporaryError(f"the connection failed: {detail}; {MAYBE_QUEUED}") from None


@contextmanager
def _session(given: requests.Session | None) -> Iterator[requests.Session]:
    if given is not None:
        yield given
        return
    with new_session() as session:
        yield session


def new_session() -> requests.Session:
    """A session for many requests over one keep-alive connection per host."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def _backoff(attempt: int) -> float:
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt)
    return float(ceiling / 2 + random.uniform(0, ceiling / 2))


def call(
    instance: Instance,
    api_method: str,
    *,
    http_method: str = "POST",
    body: dict[str, Any] | None = None,
    timeout: float = 30.0,
    retries: int = 3,
    log: Log | None = None,
    session: requests.Session | None = None,
    before_attempt: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Call one GREEN-API method and return its JSON answer.

    Only failures that cannot have queued anything are retried: refused connections, DNS
    failures, connect timeouts, 429, 502, 503, and a 400 saying the instance is starting.
    A read timeout, a 500 or a 504 is never retried: the server may have acted on it.
    `session` reuses a keep-alive connection (it is not closed here); `before_attempt` runs
    before every attempt (the outbox paces and records liveness there).
    """
    emit = log or (lambda _line: None)
    shown = instance.shown_url(api_method)
    with _session(session) as session:
        for attempt in range(retries + 1):
            if before_attempt is not None:
                before_attempt(attempt)
            emit(f"> {http_method} {shown} (attempt {attempt + 1} of {retries + 1})")
            started = time.monotonic()
            try:
                response = _attempt(session, http_method, instance, api_method, body, timeout)
                elapsed = (time.monotonic() - started) * 1000
                size = len(response.content)
                emit(f"< HTTP {response.status_code} in {elapsed:.0f} ms, {size} bytes")
                if response.status_code == 200:
                    return _json_answer(response, instance)
                raise _error_for(response, instance)
            except _Retry as retry:
                if attempt == retries:
                    retry.error.nothing_sent = True
                    raise retry.error from None
                wait = retry.wait if retry.wait is not None else _backoff(attempt)
                emit(f"  {retry.error.message}; retrying in {wait:.1f} s")
                time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def send_text_status(instance: Instance, body: dict[str, Any], **options: Any) -> dict[str, Any]:
    """Queue a text status; the answer must carry an idMessage."""
    return send_status(instance, "sendTextStatus", body, **options)


def send_status(
    instance: Instance, api_method: str, body: dict[str, Any], **options: Any
) -> dict[str, Any]:
    """Queue a status with one of the send methods; the answer must carry an idMessage."""
    answer = call(instance, api_method, body=body, **options)
    if not isinstance(answer.get("idMessage"), str) or not answer["idMessage"]:
        raise TemporaryError(
            f"GREEN-API answered 200 without an idMessage ({json.dumps(answer)[:200]}); "
            f"{MAYBE_QUEUED}",
            http_status=200,
        )
    return answer


def get_state(instance: Instance, **options: Any) -> dict[str, Any]:
    return call(instance, "getStateInstance", http_method="GET", **options)


def get_settings(instance: Instance, **options: Any) -> dict[str, Any]:
    return call(instance, "getSettings", http_method="GET", **options)
