"""One GREEN-API method call: an attempt, paced and retried, its answer checked."""

from __future__ import annotations

import http.client
import time
from collections.abc import Callable
from typing import Any

from ..errors import ConfigError, GreenstatusError, Interrupted, TemporaryError
from ..i18n import _
from . import pacing
from .answers import REPEATABLE, _effect, _error_for, _json_answer
from .http import (
    DEADLINE_GRACE,
    ConnectTimeout,
    InvalidProxyURL,
    InvalidURL,
    LibraryHTTPError,
    RequestException,
    Response,
    Session,
    _connecting,
    _Deadline,
    _session,
    _watchdog,
)
from .instance import Instance
from .network import _network_error
from .retry import Log, _pause, _Retry, attempts


def _attempt(
    session: Session,
    method: str,
    instance: Instance,
    api_method: str,
    body: dict[str, Any] | None,
    timeout: float,
    params: dict[str, str] | None = None,
    emit: Log = lambda _line: None,
) -> Response:
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
            raise _network_error(ConnectTimeout(), instance, timeout, maybe) from None
        raise TemporaryError(
            _("no complete answer within {timeout} s; {maybe}", timeout=f"{timeout:g}", maybe=maybe)
        ) from None
    except KeyboardInterrupt:
        raise Interrupted(
            _("interrupted while the request was in flight; {maybe}", maybe=maybe)
        ) from None
    except InvalidURL as exc:
        # apiUrl is checked when the config is read, so this is a proxy variable; its value
        # may hold a password, so it is not shown. Nothing left this machine.
        raise ConfigError(
            _(
                "cannot send: a proxy variable is malformed; check HTTPS_PROXY, HTTP_PROXY, "
                "ALL_PROXY and NO_PROXY (and api_url); nothing was sent"
            )
            if isinstance(exc, InvalidProxyURL)
            else _(
                "cannot send: a URL in use is malformed; check HTTPS_PROXY, HTTP_PROXY, "
                "ALL_PROXY and NO_PROXY (and api_url); nothing was sent"
            )
        ) from None
    except (
        RequestException,
        ValueError,
        UnicodeError,
        OverflowError,
        OSError,
        http.client.HTTPException,
        LibraryHTTPError,
    ) as exc:
        # Outside requests' own hierarchy (a bad header, an encoding problem) nothing is
        # proven unsent, so _network_error never retries those.
        emit(f"  {instance.shown(f'{type(exc).__name__}: {exc}', 2000)}")
        raise _network_error(exc, instance, timeout, maybe) from None


def call(
    instance: Instance,
    api_method: str,
    *,
    http_method: str = "POST",
    body: dict[str, Any] | None = None,
    timeout: float = 30.0,
    retries: int = 3,
    log: Log | None = None,
    session: Session | None = None,
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
    session: Session | None = None,
    before_attempt: Callable[[int], None] | None = None,
) -> Response:
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

    def once(attempt: int) -> Response:
        nonlocal unsure
        _take_turn(instance, api_method, emit, before_attempt, attempt)
        emit(f"> {http_method} {shown} (attempt {attempt + 1} of {retries + 1})")
        started = time.monotonic()
        try:
            try:
                response = _attempt(
                    live, http_method, instance, api_method, body, timeout, params, emit
                )
            finally:
                pacing._answered(instance, api_method)
            elapsed = (time.monotonic() - started) * 1000
            size = len(response.content)
            emit(f"< HTTP {response.status_code} in {elapsed:.0f} ms, {size} bytes")
            if response.status_code == 200:
                return response
            raise _error_for(response, instance, api_method, http_method)
        except KeyboardInterrupt:
            # The answer was being read or judged: the request had arrived.
            raise Interrupted(
                _("interrupted while the request was in flight; {maybe}", maybe=maybe)
            ) from None
        except TemporaryError as exc:
            if api_method not in REPEATABLE or attempt == retries or exc.nothing_sent:
                exc.after_lost_answer = unsure
                raise
            unsure = True
            raise _Retry(exc) from None
        except GreenstatusError as exc:
            exc.after_lost_answer = unsure
            raise

    def give_up(error: GreenstatusError) -> GreenstatusError:
        error.nothing_sent = not unsure
        error.after_lost_answer = unsure
        if unsure:
            error.message = _(
                "{message}; an earlier attempt got no answer: {maybe}",
                message=error.message,
                maybe=maybe,
            )
        return error

    def pause(error: GreenstatusError, wait: float) -> None:
        _pause(emit, error, wait, maybe if unsure else "")

    with _session(session) as live:
        return attempts(retries, once, pause, give_up)


def _take_turn(
    instance: Instance,
    api_method: str,
    emit: Log,
    before_attempt: Callable[[int], None] | None,
    attempt: int,
) -> None:
    """The caller's hook, then the pace; a Ctrl-C here stops before this attempt left."""
    try:
        if before_attempt is not None:
            before_attempt(attempt)
        pacing._wait_for_turn(instance, api_method, emit)
    except KeyboardInterrupt:
        # Earlier attempts were retried only because they provably queued nothing.
        stopped = Interrupted(_("interrupted before the request was sent; nothing was sent"))
        stopped.nothing_sent = True
        raise stopped from None


def get_state(instance: Instance, **options: Any) -> dict[str, Any]:
    return call(instance, "getStateInstance", http_method="GET", **options)


def get_settings(instance: Instance, **options: Any) -> dict[str, Any]:
    return call(instance, "getSettings", http_method="GET", **options)
