"""The HTTP side, and the only module that imports requests: URLs, safe retries, error mapping."""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Callable
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
    UsageError,
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
) -> dict[str, Any]:
    """Call one GREEN-API method and return its JSON answer.

    Only failures that cannot have queued anything are retried: refused connections, DNS
    failures, connect timeouts, 429, 502, 503, and a 400 saying the instance is starting.
    A read timeout, a 500 or a 504 is never retried: the server may have acted on it.
    """
    emit = log or (lambda _line: None)
    shown = instance.shown_url(api_method)
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        for attempt in range(retries + 1):
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


# --- uploadFile ----------------------------------------------------------------------------------

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Upload:
    """What an upload produced: the file's link and the SHA-256 of exactly the bytes sent."""

    url_file: str
    sha256: str
    size: int


class FileChangedError(Exception):
    """The file ended before its measured size while it was being sent."""


class _Body:
    """The file as a request body: read in chunks as the socket takes them (never whole),
    hashed and counted on the way. Its length gives requests a Content-Length, so the
    upload is not chunked."""

    def __init__(self, fh: Any, size: int, progress: Progress | None) -> None:
        import hashlib

        self._fh = fh
        self._size = size
        self._progress = progress
        self.sent = 0
        self.digest = hashlib.sha256()

    def __len__(self) -> int:
        return self._size - self.sent

    def read(self, amount: int = -1) -> bytes:
        left = self._size - self.sent
        if left <= 0:
            return b""
        want = left if amount is None or amount < 0 else min(amount, left)
        chunk: bytes = self._fh.read(want)
        if not chunk:
            raise FileChangedError(f"the file ended after {self.sent} of {self._size} bytes")
        self.sent += len(chunk)
        self.digest.update(chunk)
        if self._progress is not None:
            self._progress(self.sent)
        return chunk


def _upload_error(response: requests.Response, instance: Instance) -> GreenstatusError | _Retry:
    """An upload posts nothing, so every server-side failure may be tried again."""
    code = response.status_code
    if code == 429 or code >= 500 or code == 408:
        words = instance.scrub(_server_words(response))
        error = TemporaryError(
            f"the media host failed (HTTP {code}: {words}); nothing was posted", http_status=code
        )
        return _Retry(error, _retry_after(response) if code == 429 else None)
    if code == 413:
        return DataRefusedError(
            "the media host refused the file as too large (HTTP 413); nothing was posted",
            http_status=code,
        )
    found = _error_for(response, instance)
    return found.error if isinstance(found, _Retry) else found


def upload_file(
    instance: Instance,
    path: str,
    size: int,
    content_type: str,
    header_name: str,
    *,
    timeout: float = 30.0,
    retries: int = 3,
    log: Log | None = None,
    progress: Progress | None = None,
) -> Upload:
    """POST the file's raw bytes to `instance` (the media host) and return its urlFile.

    Nothing is posted by an upload, so any failure that may be temporary is retried, read
    timeouts and 5xx included; each attempt reads the file again from its first byte.
    """
    emit = log or (lambda _line: None)
    shown = instance.shown_url("uploadFile")
    headers = {"Content-Type": content_type, "GA-Filename": header_name}
    try:
        # Opened before the session so a vanished file is a plain refusal; the with closes it.
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}; nothing was posted") from None
    with requests.Session() as session, fh:
        session.headers["User-Agent"] = USER_AGENT
        for attempt in range(retries + 1):
            emit(f"> POST {shown} (attempt {attempt + 1} of {retries + 1})")
            emit(f"  Content-Type: {content_type}, GA-Filename: {header_name}, {size} bytes")
            fh.seek(0)
            body = _Body(fh, size, progress)
            started = time.monotonic()
            try:
                response = _send_upload(session, instance, body, headers, timeout)
                elapsed = (time.monotonic() - started) * 1000
                emit(f"< HTTP {response.status_code} in {elapsed:.0f} ms")
                if response.status_code != 200:
                    raise _upload_error(response, instance)
                return Upload(_url_file(response, instance), body.digest.hexdigest(), body.sent)
            except _Retry as retry:
                if attempt == retries:
                    raise retry.error from None
                wait = retry.wait if retry.wait is not None else _backoff(attempt)
                emit(f"  {retry.error.message}; retrying in {wait:.1f} s")
                time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _send_upload(
    session: requests.Session,
    instance: Instance,
    body: _Body,
    headers: dict[str, str],
    timeout: float,
) -> requests.Response:
    try:
        return session.post(instance.url("uploadFile"), data=body, headers=headers, timeout=timeout)
    except FileChangedError as exc:
        raise UsageError(
            f"the file changed while it was being uploaded ({exc}); nothing was posted"
        ) from None
    except requests.RequestException as exc:
        detail = instance.scrub(str(exc))
        raise _Retry(
            TemporaryError(f"the upload to {instance.api_url} failed: {detail}; nothing was posted")
        ) from None


def _url_file(response: requests.Response, instance: Instance) -> str:
    try:
        data = response.json()
    except ValueError:
        data = None
    url_file = data.get("urlFile") if isinstance(data, dict) else None
    if not isinstance(url_file, str) or not url_file.startswith(("http://", "https://")):
        words = instance.scrub(" ".join(response.text.split())[:200])
        raise _Retry(
            TemporaryError(
                f"the media host answered 200 without a urlFile ({words!r}); nothing was posted",
                http_status=200,
            )
        )
    return url_file
