"""The HTTP side, and the only module that imports requests: URLs, safe retries, error mapping."""

from __future__ import annotations

import email.utils
import errno
import http.client
import json
import math
import os
import random
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from . import __version__, output
from .config import mask
from .errors import (
    ConfigError,
    DataRefusedError,
    GreenstatusError,
    Interrupted,
    PermissionRefusedError,
    TemporaryError,
    UnavailableError,
    UsageError,
)
from .rules.states import METHODS

USER_AGENT = f"greenstatus/{__version__}"
MAX_RETRY_AFTER = 60.0
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
# Server text is shown shortened to this many characters, after the token is scrubbed from it.
SHOWN_CHARS = 300
# The whole-attempt watchdog fires this long after --timeout, so that requests' own connect
# timeout (which proves nothing was sent, and may be retried) wins whenever it applies.
DEADLINE_GRACE = 0.25
MAYBE_QUEUED = (
    "the status may or may not have been queued; check the instance's outgoing statuses "
    "before posting it again"
)
# The methods that queue a status: an answer lost after one of them may hide a queued status.
SEND_METHODS = frozenset(METHODS.values())
# deleteStatus may be repeated after an answer was lost: deleting twice does no harm.
REPEATABLE = frozenset({"deleteStatus"})

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
        return output.scrub(text, [self.token])

    def shown(self, text: str, limit: int = SHOWN_CHARS) -> str:
        """Server or library text as it may be shown: scrubbed first, then one line, then cut."""
        return output.one_line(text, limit, [self.token])


class _Retry(Exception):
    """One attempt failed in a way that cannot have queued the status; try again."""

    def __init__(self, error: GreenstatusError, wait: float | None = None) -> None:
        self.error = error
        self.wait = wait


def _server_words(response: requests.Response, instance: Instance) -> str:
    """The server's own message, from a JSON envelope if there is one, else its text.

    Scrubbed before it is shortened, and made one line: the server may echo the URL.
    """
    text = response.text.strip()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if isinstance(data, dict):
        for key in ("message", "description", "error", "reason"):
            if isinstance(data.get(key), str) and data[key].strip():
                return instance.shown(str(data[key]))
    if isinstance(data, dict | list) and not data:
        text = ""  # `{}` tells a reader nothing; the reason phrase does
    return instance.shown(text) or instance.shown(response.reason or "") or "no message"


def _effect(api_method: str, http_method: str) -> tuple[str, str]:
    """What a failed request left behind, in words: (when it provably did nothing, when it
    may have acted)."""
    if api_method in SEND_METHODS:
        return "nothing was queued", MAYBE_QUEUED
    if api_method == "deleteStatus":
        return "nothing was deleted", "the status may or may not have been deleted"
    if api_method == "uploadFile":
        return "nothing was posted", "nothing was posted"
    return "nothing was changed", "nothing was changed"


def _retry_after(response: requests.Response) -> float | None:
    """Seconds to wait, or None (the normal backoff) when the header is missing or malformed."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
            seconds = parsed.timestamp() - time.time()
        except (TypeError, ValueError, OverflowError, IndexError, OSError):
            return None
    if not math.isfinite(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _redirect_error(
    response: requests.Response, instance: Instance, http_method: str, maybe: str
) -> GreenstatusError:
    """A 3xx is never followed (a POST could be repeated elsewhere); name the target host only."""
    code = response.status_code
    try:
        target = urlsplit(response.headers.get("Location", ""))
        host = target.hostname or urlsplit(instance.api_url).hostname or "?"
        scheme = target.scheme or urlsplit(instance.api_url).scheme
        port = f":{target.port}" if target.port else ""
    except ValueError:
        host, scheme, port = "an unparsable address", "", ""
    where = instance.shown(f"{scheme}://{host}{port}" if scheme else host, 120)
    message = (
        f"GREEN-API answered HTTP {code}, a redirect to {where}; greenstatus never follows "
        "redirects (a send could be repeated there): set api_url to the host your console shows"
    )
    if code == 303 and http_method == "POST":
        # 303 may mean "done, see there": the server may have acted on the POST.
        message += f"; {maybe}"
    return ConfigError(message, http_status=code)


def _error_for(
    response: requests.Response, instance: Instance, api_method: str, http_method: str = "POST"
) -> GreenstatusError | _Retry:
    """The error an answer other than 200 means. _Retry only where it proves nothing was done."""
    code = response.status_code
    untouched, maybe = _effect(api_method, http_method)
    if 300 <= code < 400:
        return _redirect_error(response, instance, http_method, maybe)
    if code == 407:
        # Only a proxy asks for this: GREEN-API never saw the request.
        proxy = _proxy_for(instance.api_url)
        return _proxy_wants_login(_address(proxy)[1] if proxy else "in use")
    words = _server_words(response, instance)
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
            TemporaryError(
                f"rate limited by GREEN-API {said}; {untouched}; try again in a minute",
                http_status=code,
            ),
            _retry_after(response),
        )
    if code == 466:
        return UnavailableError(f"the instance's quota is used up {said}", http_status=code)
    if code == 503:
        return _Retry(
            TemporaryError(
                f"GREEN-API is unavailable for the moment {said}; {untouched}; "
                "try again in a few minutes",
                http_status=code,
            )
        )
    if code == 502 and http_method == "GET":
        return _Retry(
            TemporaryError(f"GREEN-API's gateway failed {said}; {untouched}", http_status=code)
        )
    if code == 502:
        # GREEN-API's nginx answers 502 after its backend took the request in some cases.
        return TemporaryError(f"GREEN-API's gateway failed {said}; {maybe}", http_status=code)
    if code >= 500 or code == 499:
        return TemporaryError(f"GREEN-API failed {said}; {maybe}", http_status=code)
    if 400 <= code < 500:
        return DataRefusedError(f"GREEN-API refused the request {said}", http_status=code)
    return TemporaryError(f"unexpected answer {said}; {maybe}", http_status=code)


# What _answer returns for a body that is not JSON (or too deeply nested to read).
NOT_JSON: Any = object()


def _answer(response: requests.Response) -> Any:
    """The JSON of a 200 answer, or NOT_JSON; every answer from GREEN-API passes here.

    A 200 that carries code 401 is a refused token: the Go SDK has seen it.
    """
    try:
        data = response.json()
    except (ValueError, RecursionError):
        # RecursionError: a body of 100,000 `[` is the server's fault, never a crash.
        return NOT_JSON
    if isinstance(data, dict) and data.get("code") == 401:
        raise PermissionRefusedError(
            "apiTokenInstance was rejected (HTTP 200 carrying code 401)", http_status=200
        )
    return data


def _json_answer(response: requests.Response, instance: Instance, maybe: str) -> dict[str, Any]:
    data = _answer(response)
    if data is None:
        # getStateInstance answers null while the instance is still being created.
        return {}
    if not isinstance(data, dict):
        words = instance.shown(response.text)
        raise TemporaryError(
            f"GREEN-API answered 200 without a JSON object ({words}); {maybe}", http_status=200
        )
    return data


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """exc and every exception behind it: causes, contexts, urllib3 reasons and wrapped args."""
    seen: set[int] = set()
    stack: list[object] = [exc]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack.extend((item.__cause__, item.__context__, getattr(item, "reason", None)))
        stack.extend(item.args)


# Failures that happen before a connection exists: no byte of the request can have left.
_BEFORE_SENDING = (
    requests.ConnectTimeout,
    urllib3.exceptions.NewConnectionError,  # refused, unreachable; NameResolutionError too
    urllib3.exceptions.NameResolutionError,
    urllib3.exceptions.ConnectTimeoutError,
)


def _connect_failed(exc: BaseException) -> bool:
    """True when the exception chain proves no byte of the request reached the server.

    Decided by the exception types behind the failure, never by message text.
    """
    return any(isinstance(e, _BEFORE_SENDING) for e in _chain(exc))


def _address(url: str) -> tuple[str, str]:
    """The host of a URL and its HOST:PORT, never its user or password."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "?", "?"
    return host, f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _proxy_for(url: str) -> str | None:
    """The URL of the proxy requests uses for url, from the environment."""
    chosen = requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url))
    return (chosen if "://" in chosen else f"http://{chosen}") if chosen else None


def _tunnel_refusal(chain: list[BaseException]) -> int | None:
    """The status a proxy answered to CONNECT: urllib3 states it only in its message."""
    for error in chain:
        if type(error) is OSError and error.args and isinstance(error.args[0], str):
            head, _, rest = error.args[0].partition("Tunnel connection failed: ")
            if not head and rest[:3].isdigit():
                return int(rest[:3])
    return None


_PROXY_ERRORS = (requests.exceptions.ProxyError, urllib3.exceptions.ProxyError)
_REFUSALS = {
    errno.ECONNREFUSED: "connection refused",
    errno.ENETUNREACH: "network unreachable",
    errno.EHOSTUNREACH: "host unreachable",
    errno.ETIMEDOUT: "timed out",
}


def _proxy_wants_login(proxy: str) -> GreenstatusError:
    refused = PermissionRefusedError(
        f"the proxy {proxy} refused the request: it needs a user name and password (HTTP 407); "
        "nothing was sent; put them in HTTPS_PROXY, HTTP_PROXY or ALL_PROXY as "
        "http://USER:PASSWORD@HOST:PORT",
        http_status=407,
    )
    refused.nothing_sent = True
    return refused


def _network_error(
    exc: BaseException,
    instance: Instance,
    timeout: float,
    maybe: str,
    untouched: str = "nothing was sent",
    setting: str = "api_url",
) -> GreenstatusError | _Retry:
    """A request that got no answer, in our words: what failed, whether anything was sent,
    and what to do. Never the library's words (pools, retries, class names): -v has those."""
    chain = list(_chain(exc))
    proxy = (
        _proxy_for(instance.api_url) if any(isinstance(e, _PROXY_ERRORS) for e in chain) else None
    )
    host, address = _address(proxy or instance.api_url)
    where = f"the proxy {address}" if proxy else address
    advice = (
        "check HTTPS_PROXY, HTTP_PROXY and ALL_PROXY"
        if proxy
        else f"check {setting} and the network"
    )
    tunnel = _tunnel_refusal(chain) if proxy else None
    if tunnel == 407:
        return _proxy_wants_login(address)
    if tunnel is not None:
        return _Retry(
            TemporaryError(
                f"{where} refused to connect to GREEN-API (HTTP {tunnel}); {untouched}; {advice}"
            )
        )
    if isinstance(exc, requests.RequestException) and _connect_failed(exc):
        unreached = _unreached(chain, host, where, timeout)
        return _Retry(TemporaryError(f"{unreached}; {untouched}; {advice}, then try again"))
    verify = next((e for e in chain if isinstance(e, ssl.SSLCertVerificationError)), None)
    if verify is not None:
        # Raised only in the handshake, before any byte of the request; no retry can cure it.
        why = verify.verify_message or "certificate not trusted"
        refused = TemporaryError(
            f"cannot connect securely to {where} ({why}); {untouched}; {advice}"
        )
        refused.nothing_sent = True
        return refused
    timeouts = (requests.ReadTimeout, urllib3.exceptions.ReadTimeoutError, TimeoutError)
    if any(isinstance(e, timeouts) for e in chain):
        return TemporaryError(f"no answer within {timeout:g} s; {maybe}")
    tls = next((e for e in chain if isinstance(e, ssl.SSLError)), None)
    if tls is not None:
        why = str(tls.reason or "TLS error").lower().replace("_", " ")
        return TemporaryError(f"the secure connection to {where} failed ({why}); {maybe}")
    if isinstance(exc, requests.RequestException | urllib3.exceptions.HTTPError | ConnectionError):
        return TemporaryError(f"the connection to {where} broke before a whole answer; {maybe}")
    return TemporaryError(f"the answer from {where} could not be read; {maybe}")


def _unreached(chain: list[BaseException], host: str, where: str, timeout: float) -> str:
    """Why no connection was made: a name that did not resolve, a refusal, a timeout."""
    if any(isinstance(e, urllib3.exceptions.NameResolutionError | socket.gaierror) for e in chain):
        cause = next((e.strerror for e in chain if isinstance(e, socket.gaierror)), None)
        return f"cannot resolve {host}" + (f" ({cause.lower()})" if cause else "")
    if any(isinstance(e, urllib3.exceptions.NewConnectionError) for e in chain):
        code = next((e.errno for e in chain if isinstance(e, OSError) and e.errno), None)
        why = _REFUSALS.get(code or 0) or (os.strerror(code).lower() if code else "refused")
        return f"cannot connect to {where} ({why})"
    return f"cannot connect to {where} (no answer within {timeout:g} s)"


class _Deadline(BaseException):
    """The whole attempt outlived its timeout (a trickling server resets requests' per-read one).

    A BaseException, so that no `except Exception` inside requests or urllib3 swallows it.
    """


@contextmanager
def _watchdog(seconds: float, *, started: bool = True) -> Iterator[Callable[[], None]]:
    """Raise _Deadline in this thread seconds after the watchdog starts (at once, or when the
    function it yields is first called), where signals allow it."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield lambda: None
        return
    armed = [True]
    running = [False]

    def fire(_signum: int, _frame: object) -> None:
        if armed[0]:
            raise _Deadline

    def start() -> None:
        if not running[0]:
            running[0] = True
            signal.setitimer(signal.ITIMER_REAL, seconds)

    previous = signal.signal(signal.SIGALRM, fire)
    if started:
        start()
    try:
        yield start
        armed[0] = False
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        if previous is not None:  # None: a handler set outside Python, left as it was
            signal.signal(signal.SIGALRM, previous)


def _attempt(
    session: requests.Session,
    method: str,
    instance: Instance,
    api_method: str,
    body: dict[str, Any] | None,
    timeout: float,
    params: dict[str, str] | None = None,
    emit: Log = lambda _line: None,
) -> requests.Response:
    maybe = _effect(api_method, method)[1]
    try:
        with _watchdog(timeout + DEADLINE_GRACE):
            return session.request(
                method,
                instance.url(api_method),
                json=body,
                params=params,
                timeout=timeout,
                allow_redirects=False,
            )
    except _Deadline as deadline:
        if _connecting(deadline):
            # A slow resolver or connect: the watchdog fired before any byte could leave.
            raise _network_error(requests.ConnectTimeout(), instance, timeout, maybe) from None
        raise TemporaryError(f"no complete answer within {timeout:g} s; {maybe}") from None
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted while the request was in flight; {maybe}") from None
    except requests.exceptions.InvalidURL as exc:
        # apiUrl is checked when the config is read, so this is a proxy variable; its value
        # may hold a password, so it is not shown. Nothing left this machine.
        what = "a proxy variable" if isinstance(exc, requests.exceptions.InvalidProxyURL) else ""
        raise ConfigError(
            f"cannot send: {what or 'a URL in use'} is malformed; check HTTPS_PROXY, HTTP_PROXY, "
            "ALL_PROXY and NO_PROXY (and api_url); nothing was sent"
        ) from None
    except (
        requests.RequestException,
        ValueError,
        UnicodeError,
        OverflowError,
        OSError,
        http.client.HTTPException,
        urllib3.exceptions.HTTPError,
    ) as exc:
        # Outside requests' own hierarchy (a bad header, an encoding problem) nothing is
        # proven unsent, so _network_error never retries those.
        emit(f"  {instance.shown(f'{type(exc).__name__}: {exc}', 2000)}")
        raise _network_error(exc, instance, timeout, maybe) from None


def _connecting(exc: BaseException) -> bool:
    """Whether exc broke into urllib3's making of a connection (name look-up and connect),
    where no byte of the request has been sent: decided by the frames it passed through."""
    frame = exc.__traceback__
    while frame is not None:
        code, module = frame.tb_frame.f_code, frame.tb_frame.f_globals.get("__name__")
        if code.co_name == "_new_conn" and module == "urllib3.connection":
            return True
        frame = frame.tb_next
    return False


@contextmanager
def _session(given: requests.Session | None) -> Iterator[requests.Session]:
    if given is not None:
        yield given
        return
    with new_session() as session:
        yield session


class _Session(requests.Session):
    """A session that never reads a redirect's target: greenstatus follows none, and requests
    would parse it even with allow_redirects=False (an unparsable one raised ValueError)."""

    def get_redirect_target(self, resp: requests.Response) -> None:
        return None


def new_session() -> requests.Session:
    """A session for many requests over one keep-alive connection per host."""
    session = _Session()
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
    failures, connect timeouts, 429, 503, a 502 to a GET, and a 400 saying the instance is
    starting. A read timeout, a 500, a 504 or a 502 to a POST is never retried (the server may
    have acted on it), except for a REPEATABLE method.
    `session` reuses a keep-alive connection (it is not closed here); `before_attempt` runs
    before every attempt (the outbox paces and records liveness there).
    """
    response = _exchange(
        instance,
        api_method,
        http_method=http_method,
        body=body,
        timeout=timeout,
        retries=retries,
        log=log,
        session=session,
        before_attempt=before_attempt,
    )
    return _json_answer(response, instance, _effect(api_method, http_method)[1])


def _exchange(
    instance: Instance,
    api_method: str,
    *,
    http_method: str = "POST",
    body: dict[str, Any] | None = None,
    params: dict[str, str] | None = None,
    timeout: float = 30.0,
    retries: int = 3,
    log: Log | None = None,
    session: requests.Session | None = None,
    before_attempt: Callable[[int], None] | None = None,
) -> requests.Response:
    """One request with call()'s safe retries, paced per method; the 200 response, unread.

    A REPEATABLE method is also retried after a failure that may have acted; an error after
    such a retry carries after_lost_answer.
    """
    emit = log or (lambda _line: None)
    shown = instance.shown_url(api_method)
    if params:
        from urllib.parse import urlencode

        shown += "?" + urlencode(params)
    maybe = _effect(api_method, http_method)[1]
    unsure = False
    with _session(session) as live:
        for attempt in range(retries + 1):
            if before_attempt is not None:
                before_attempt(attempt)
            _wait_for_turn(instance, api_method, emit)
            emit(f"> {http_method} {shown} (attempt {attempt + 1} of {retries + 1})")
            started = time.monotonic()
            try:
                response = _attempt(
                    live, http_method, instance, api_method, body, timeout, params, emit
                )
                elapsed = (time.monotonic() - started) * 1000
                size = len(response.content)
                emit(f"< HTTP {response.status_code} in {elapsed:.0f} ms, {size} bytes")
                if response.status_code == 200:
                    return response
                raise _error_for(response, instance, api_method, http_method)
            except KeyboardInterrupt:
                # The answer was being read or judged: the request had arrived.
                raise Interrupted(f"interrupted while the request was in flight; {maybe}") from None
            except _Retry as retry:
                if attempt == retries:
                    retry.error.nothing_sent = not unsure
                    retry.error.after_lost_answer = unsure
                    if unsure:
                        retry.error.message += f"; an earlier attempt got no answer: {maybe}"
                    raise retry.error from None
                wait = retry.wait if retry.wait is not None else _backoff(attempt)
                _pause(emit, retry.error, wait, maybe if unsure else "")
            except TemporaryError as exc:
                if api_method not in REPEATABLE or attempt == retries or exc.nothing_sent:
                    exc.after_lost_answer = unsure
                    raise
                unsure = True
                _pause(emit, exc, _backoff(attempt), maybe)
            except GreenstatusError as exc:
                exc.after_lost_answer = unsure
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _pause(emit: Log, error: GreenstatusError, wait: float, maybe: str) -> None:
    """Wait before the next attempt; Ctrl-C then says what the earlier attempts left behind."""
    emit(f"  {error.message}; retrying in {wait:.1f} s")
    try:
        time.sleep(wait)
    except KeyboardInterrupt:
        stopped = Interrupted(
            f"interrupted while waiting to retry; {maybe or 'nothing was queued'} ({error.message})"
        )
        stopped.nothing_sent = not maybe
        raise stopped from None


def send_text_status(instance: Instance, body: dict[str, Any], **options: Any) -> dict[str, Any]:
    """Queue a text status; the answer must carry an idMessage."""
    return send_status(instance, "sendTextStatus", body, **options)


def send_status(
    instance: Instance, api_method: str, body: dict[str, Any], **options: Any
) -> dict[str, Any]:
    """Queue a status with one of the send methods; the answer must carry an idMessage."""
    try:
        answer = call(instance, api_method, body=body, **options)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted while the request was in flight; {MAYBE_QUEUED}") from None
    if not isinstance(answer.get("idMessage"), str) or not answer["idMessage"].strip():
        shown = instance.shown(json.dumps(answer, ensure_ascii=False), 200)
        raise TemporaryError(
            f"GREEN-API answered 200 without an idMessage ({shown}); {MAYBE_QUEUED}",
            http_status=200,
        )
    return answer


def get_state(instance: Instance, **options: Any) -> dict[str, Any]:
    return call(instance, "getStateInstance", http_method="GET", **options)


def get_settings(instance: Instance, **options: Any) -> dict[str, Any]:
    return call(instance, "getSettings", http_method="GET", **options)


# --- status journal methods: list, stats, delete -------------------------------------------------

# GREEN-API's rate-limiter table gives each method its own quota per instance, so the pace is
# kept per (instance, method): a getSettings right after getOutgoingStatuses does not wait.
# Only this process is paced; another process's requests are not seen.
PER_SECOND = {
    "getOutgoingStatuses": 1.0,
    "getIncomingStatuses": 1.0,
    "getStatusStatistic": 1.0,
    "deleteStatus": 10.0,
}
_last_request: dict[tuple[str, str, str], float] = {}
NO_STATUS_ACCESS = (
    "this instance has no access to the status methods (HTTP 403 on {method}): they are in beta "
    "at GREEN-API, and GREEN-API support enables them on request (if 'greenstatus config check' "
    "fails too, idInstance or apiUrl is wrong instead)"
)


def _wait_for_turn(instance: Instance, api_method: str, emit: Log) -> None:
    rate = PER_SECOND.get(api_method)
    if rate is None:
        return
    key = (instance.api_url, instance.id_instance, api_method)
    previous = _last_request.get(key)
    if previous is not None:
        wait = previous + 1.0 / rate - time.monotonic()
        if wait > 0:
            emit(
                f"  pacing: {api_method} allows {rate:g} request(s) a second; waiting {wait:.2f} s"
            )
            time.sleep(wait)
    _last_request[key] = time.monotonic()


def _status_exchange(instance: Instance, api_method: str, **options: Any) -> requests.Response:
    """_exchange with the status methods' own words, and no control characters from the server."""
    try:
        return _status_words(instance, api_method, options)
    except GreenstatusError as exc:
        # Server text reaches the terminal in these messages: no escape sequence may pass.
        exc.message = _printable(exc.message)
        exc.args = (exc.message,)
        raise


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _status_words(
    instance: Instance, api_method: str, options: dict[str, Any]
) -> requests.Response:
    try:
        return _exchange(instance, api_method, **options)
    except PermissionRefusedError as exc:
        if exc.http_status == 403:
            raise PermissionRefusedError(
                NO_STATUS_ACCESS.format(method=api_method), http_status=403
            ) from None
        raise


def _json_list(response: requests.Response, instance: Instance) -> list[Any]:
    data = _answer(response)
    if data is None:
        return []
    if not isinstance(data, list):
        words = instance.shown(response.text)
        raise TemporaryError(
            f"GREEN-API answered 200 without a JSON array ({words})", http_status=200
        )
    return data


def get_statuses(
    instance: Instance, *, incoming: bool = False, minutes: int = 1440, **options: Any
) -> list[Any]:
    """The instance's journal of sent (or, with incoming, received) statuses, items unchanged."""
    method = "getIncomingStatuses" if incoming else "getOutgoingStatuses"
    response = _status_exchange(
        instance,
        method,
        http_method="GET",
        params={"minutes": str(minutes)},
        **options,
    )
    return _json_list(response, instance)


def get_status_statistic(instance: Instance, id_message: str, **options: Any) -> list[Any]:
    """Who received and viewed one status: the API's array unchanged."""
    response = _status_exchange(
        instance,
        "getStatusStatistic",
        http_method="GET",
        params={"idMessage": id_message},
        **options,
    )
    return _json_list(response, instance)


def delete_status(instance: Instance, id_message: str, **options: Any) -> None:
    """Delete one status. GREEN-API answers a success with 200 and an empty body.

    A "notfound" after an attempt whose answer was lost means that attempt deleted it.
    """
    try:
        response = _status_exchange(
            instance, "deleteStatus", body={"idMessage": id_message}, **options
        )
    except DataRefusedError as exc:
        if "notfound" in exc.message.lower().replace(" ", ""):
            if exc.after_lost_answer:
                return
            raise DataRefusedError(
                f"GREEN-API has no status {id_message!r} to delete "
                f"{exc.message.partition(' the request ')[2]}; "
                "'greenstatus list' shows the ids it keeps",
                http_status=exc.http_status,
            ) from None
        raise
    if response.content.strip():
        _answer(response)


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
        # Called once the last byte is handed to the socket: the server's time starts there.
        self.on_end: Callable[[], None] = lambda: None

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
        if self.sent >= self._size:
            self.on_end()
        return chunk


def _upload_error(response: requests.Response, instance: Instance) -> GreenstatusError | _Retry:
    """An upload posts nothing, so every server-side failure may be tried again."""
    code = response.status_code
    if code == 429 or code >= 500 or code == 408:
        words = _server_words(response, instance)
        error = TemporaryError(
            f"the media host failed (HTTP {code}: {words}); nothing was posted", http_status=code
        )
        return _Retry(error, _retry_after(response) if code == 429 else None)
    if code == 413:
        return DataRefusedError(
            "the media host refused the file as too large (HTTP 413); nothing was posted",
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
    with new_session() as session, fh:
        for attempt in range(retries + 1):
            emit(f"> POST {shown} (attempt {attempt + 1} of {retries + 1})")
            emit(f"  Content-Type: {content_type}, GA-Filename: {header_name}, {size} bytes")
            fh.seek(0)
            body = _Body(fh, size, progress)
            started = time.monotonic()
            try:
                response = _send_upload(session, instance, body, headers, timeout, emit)
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
    emit: Log,
) -> requests.Response:
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
                f"the media host sent no complete answer within {timeout:g} s; nothing was posted"
            )
        ) from None
    except KeyboardInterrupt:
        stopped = Interrupted("interrupted during the upload; nothing was posted")
        stopped.nothing_sent = True
        raise stopped from None
    except FileChangedError as exc:
        raise UsageError(
            f"the file changed while it was being uploaded ({exc}); nothing was posted"
        ) from None
    except requests.RequestException as exc:
        emit(f"  {instance.shown(f'{type(exc).__name__}: {exc}', 2000)}")
        posted = "nothing was posted"
        found = _network_error(exc, instance, timeout, posted, posted, "media_url")
        error = found.error if isinstance(found, _Retry) else found
        if isinstance(error, PermissionRefusedError):
            raise error from None
        raise _Retry(
            TemporaryError(f"the upload to the media host failed: {error.message}")
        ) from None


def _url_file(response: requests.Response, instance: Instance) -> str:
    data = _answer(response)
    url_file = data.get("urlFile") if isinstance(data, dict) else None
    if not isinstance(url_file, str) or not url_file.startswith(("http://", "https://")):
        words = instance.shown(response.text, 200)
        raise _Retry(
            TemporaryError(
                f"the media host answered 200 without a urlFile ({words}); nothing was posted",
                http_status=200,
            )
        )
    return url_file
