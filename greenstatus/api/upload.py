"""uploadFile: send a file's bytes to the media host, streamed, hashed and retried."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import (
    DataRefusedError,
    GreenstatusError,
    Interrupted,
    PermissionRefusedError,
    TemporaryError,
    UsageError,
)
from ..i18n import _
from ..rules.files import FileStamp, file_stamp, unreadable
from .answers import _answer, _error_for, _retry_after, _server_words
from .http import (
    DEADLINE_GRACE,
    RequestException,
    Response,
    Session,
    _Deadline,
    _watchdog,
    new_session,
)
from .instance import Instance
from .network import _network_error
from .retry import Log, _Retry, attempts

Progress = Callable[[int], None]
# The file goes to the socket 1 MiB at a time: ~50 rounds of Python for a 50 MiB video instead
# of ~3,200 (a fifth of a local upload's time), for 1 MiB more of memory.
UPLOAD_BLOCK = 1024 * 1024


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
    counted, and hashed on the way unless `known` vouches for the bytes. Its length gives
    requests a Content-Length, so the upload is not chunked."""

    def __init__(self, fh: Any, size: int, progress: Progress | None, known: str | None) -> None:
        import hashlib

        self._fh = fh
        self._size = size
        self._progress = progress
        self.sent = 0
        self.known = known
        self.digest = None if known else hashlib.sha256()
        # Called once the last byte is handed to the socket: the server's time starts there.
        self.on_end: Callable[[], None] = lambda: None

    def sha256(self) -> str:
        """The SHA-256 of the bytes read, or the one `known` vouched for."""
        return self.digest.hexdigest() if self.digest is not None else str(self.known)

    def __len__(self) -> int:
        return self._size - self.sent

    def read(self, amount: int = -1) -> bytes:
        left = self._size - self.sent
        if left <= 0:
            return b""
        want = left if amount is None or amount < 0 else min(amount, left)
        chunk: bytes = self._fh.read(want)
        if not chunk:
            raise FileChangedError(
                _(
                    "the file ended after {sent} of {size} bytes",
                    sent=self.sent,
                    size=self._size,
                )
            )
        self.sent += len(chunk)
        if self.digest is not None:
            self.digest.update(chunk)
        if self._progress is not None:
            self._progress(self.sent)
        if self.sent >= self._size:
            self.on_end()
        return chunk


def _upload_error(response: Response, instance: Instance) -> GreenstatusError | _Retry:
    """An upload posts nothing, so every server-side failure may be tried again."""
    code = response.status_code
    if code == 429 or code >= 500 or code == 408:
        words = _server_words(response, instance)
        error = TemporaryError(
            _(
                "the media host failed (HTTP {code}: {words}); nothing was posted",
                code=code,
                words=words,
            ),
            http_status=code,
        )
        return _Retry(error, _retry_after(response) if code == 429 else None)
    if code == 413:
        return DataRefusedError(
            _("the media host refused the file as too large (HTTP 413); nothing was posted"),
            http_status=code,
        )
    found = _error_for(response, instance, "uploadFile")
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
    known: tuple[str, FileStamp] | None = None,
) -> Upload:
    """POST the file's raw bytes to `instance` (the media host) and return its urlFile.

    Nothing is posted by an upload, so any failure that may be temporary is retried, read
    timeouts and 5xx included; each attempt reads the file again from its first byte.
    `known` is the file's SHA-256 and settled stamp as the caller hashed it: when the open
    file still has that stamp, before and after the upload, the bytes are not hashed again.
    """
    emit = log or (lambda _line: None)
    shown = instance.shown_url("uploadFile")
    headers = {"Content-Type": content_type, "GA-Filename": header_name}
    try:
        # Opened before the session so a vanished file is a plain refusal; the with closes it.
        fh = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise unreadable(path, exc) from None
    # The stamp vouches for the bytes only if it is the one the caller hashed under.
    stamp = known[1] if known is not None and _stamp(fh) == known[1] else None

    def once(attempt: int) -> Upload:
        emit(f"> POST {shown} (attempt {attempt + 1} of {retries + 1})")
        emit(f"  Content-Type: {content_type}, GA-Filename: {header_name}, {size} bytes")
        fh.seek(0)
        body = _Body(fh, size, progress, known[0] if known and stamp else None)
        started = time.monotonic()
        response = _send_upload(session, instance, body, headers, timeout, emit)
        elapsed = (time.monotonic() - started) * 1000
        emit(f"< HTTP {response.status_code} in {elapsed:.0f} ms")
        if response.status_code != 200:
            raise _upload_error(response, instance)
        if stamp is not None and _stamp(fh) != stamp:
            raise UsageError(_("the file changed while it was being uploaded; nothing was posted"))
        return Upload(_url_file(response, instance), body.sha256(), body.sent)

    def pause(error: GreenstatusError, wait: float) -> None:
        # A Ctrl-C here stays a plain one: nothing was posted, there is nothing to explain.
        emit(_("  {message}; retrying in {wait} s", message=error.message, wait=f"{wait:.1f}"))
        time.sleep(wait)

    with new_session(blocksize=UPLOAD_BLOCK) as session, fh:
        return attempts(retries, once, pause)


def _send_upload(
    session: Session,
    instance: Instance,
    body: _Body,
    headers: dict[str, str],
    timeout: float,
    emit: Log,
) -> Response:
    try:
        # The watchdog starts at the last byte, not the first: a large file on a slow link
        # may take longer than --timeout to send, but the answer may not.
        with _watchdog(timeout + DEADLINE_GRACE, started=False) as start:
            body.on_end = start
            return session.post(
                instance.url("uploadFile"),
                data=body,
                headers=headers,
                timeout=timeout,
                allow_redirects=False,
            )
    except _Deadline:
        raise _Retry(
            TemporaryError(
                _(
                    "the media host sent no complete answer within {timeout} s; nothing was posted",
                    timeout=f"{timeout:g}",
                )
            )
        ) from None
    except KeyboardInterrupt:
        stopped = Interrupted(_("interrupted during the upload; nothing was posted"))
        stopped.nothing_sent = True
        raise stopped from None
    except FileChangedError as exc:
        raise UsageError(
            _(
                "the file changed while it was being uploaded ({detail}); nothing was posted",
                detail=exc.args[0] if exc.args else str(exc),
            )
        ) from None
    except RequestException as exc:
        emit(f"  {instance.shown(f'{type(exc).__name__}: {exc}', 2000)}")
        posted = _("nothing was posted")
        found = _network_error(exc, instance, timeout, posted, posted, "media_url")
        error = found.error if isinstance(found, _Retry) else found
        if isinstance(error, PermissionRefusedError):
            raise error from None
        raise _Retry(
            TemporaryError(
                _("the upload to the media host failed: {message}", message=error.message)
            )
        ) from None


def _stamp(fh: Any) -> FileStamp:
    import os

    return file_stamp(os.fstat(fh.fileno()))


def _url_file(response: Response, instance: Instance) -> str:
    data = _answer(response, instance, exact=True)
    url_file = data.get("urlFile") if isinstance(data, dict) else None
    if not isinstance(url_file, str) or not url_file.startswith(("http://", "https://")):
        words = instance.shown(response.text, 200)
        raise _Retry(
            TemporaryError(
                _(
                    "the media host answered 200 without a urlFile ({words}); nothing was posted",
                    words=words,
                ),
                http_status=200,
            )
        )
    return url_file
