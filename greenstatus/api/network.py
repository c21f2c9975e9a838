"""Requests that got no answer, in our words: what failed, whether anything left, what to do."""

from __future__ import annotations

import errno
import os
import socket
import ssl
from collections.abc import Iterator
from urllib.parse import urlsplit

from ..errors import GreenstatusError, PermissionRefusedError, TemporaryError
from ..i18n import _
from .http import (
    _BEFORE_SENDING,
    _PROXY_ERRORS,
    READ_TIMEOUTS,
    LibraryHTTPError,
    NameResolutionError,
    NewConnectionError,
    RequestException,
    _proxy_for,
)
from .instance import Instance
from .retry import _Retry


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


def _tunnel_refusal(chain: list[BaseException]) -> int | None:
    """The status a proxy answered to CONNECT: urllib3 states it only in its message."""
    for error in chain:
        if type(error) is OSError and error.args and isinstance(error.args[0], str):
            head, _, rest = error.args[0].partition("Tunnel connection failed: ")
            if not head and rest[:3].isdigit():
                return int(rest[:3])
    return None


_REFUSALS = {
    errno.ECONNREFUSED: _("connection refused"),
    errno.ENETUNREACH: _("network unreachable"),
    errno.EHOSTUNREACH: _("host unreachable"),
    errno.ETIMEDOUT: _("timed out"),
}


def _proxy_wants_login(proxy: str) -> GreenstatusError:
    refused = PermissionRefusedError(
        _(
            "the proxy {proxy} refused the request: it needs a user name and password "
            "(HTTP 407); nothing was sent; put them in HTTPS_PROXY, HTTP_PROXY or ALL_PROXY as "
            "http://USER:PASSWORD@HOST:PORT",
            proxy=proxy,
        ),
        http_status=407,
    )
    refused.nothing_sent = True
    return refused


def _network_error(
    exc: BaseException,
    instance: Instance,
    timeout: float,
    maybe: str,
    untouched: str = "",
    setting: str = "api_url",
) -> GreenstatusError | _Retry:
    """A request that got no answer, in our words: what failed, whether anything was sent,
    and what to do. Never the library's words (pools, retries, class names): -v has those."""
    untouched = untouched or _("nothing was sent")
    chain = list(_chain(exc))
    proxy = (
        _proxy_for(instance.api_url) if any(isinstance(e, _PROXY_ERRORS) for e in chain) else None
    )
    host, address = _address(proxy or instance.api_url)
    where = _("the proxy {address}", address=address) if proxy else address
    advice = (
        _("check HTTPS_PROXY, HTTP_PROXY and ALL_PROXY")
        if proxy
        else _("check {setting} and the network", setting=setting)
    )
    tunnel = _tunnel_refusal(chain) if proxy else None
    if tunnel == 407:
        return _proxy_wants_login(address)
    if tunnel is not None:
        return _Retry(
            TemporaryError(
                _(
                    "{where} refused to connect to GREEN-API (HTTP {code}); {untouched}; {advice}",
                    where=where,
                    code=tunnel,
                    untouched=untouched,
                    advice=advice,
                )
            )
        )
    if isinstance(exc, RequestException) and _connect_failed(exc):
        unreached = _unreached(chain, host, where, timeout)
        return _Retry(
            TemporaryError(
                _(
                    "{unreached}; {untouched}; {advice}, then try again",
                    unreached=unreached,
                    untouched=untouched,
                    advice=advice,
                )
            )
        )
    verify = next((e for e in chain if isinstance(e, ssl.SSLCertVerificationError)), None)
    if verify is not None:
        # Raised only in the handshake, before any byte of the request; no retry can cure it.
        why = verify.verify_message or _("certificate not trusted")
        refused = TemporaryError(
            _(
                "cannot connect securely to {where} ({why}); {untouched}; {advice}",
                where=where,
                why=why,
                untouched=untouched,
                advice=advice,
            )
        )
        refused.nothing_sent = True
        return refused
    return _lost_answer(exc, chain, where, timeout, maybe)


def _lost_answer(
    exc: BaseException, chain: list[BaseException], where: str, timeout: float, maybe: str
) -> GreenstatusError:
    """A failure after the request may have left: the server may have acted on it."""
    if any(isinstance(e, READ_TIMEOUTS) for e in chain):
        return TemporaryError(
            _("no answer within {timeout} s; {maybe}", timeout=f"{timeout:g}", maybe=maybe)
        )
    tls = next((e for e in chain if isinstance(e, ssl.SSLError)), None)
    if tls is not None:
        why = str(tls.reason or "TLS error").lower().replace("_", " ")
        return TemporaryError(
            _(
                "the secure connection to {where} failed ({why}); {maybe}",
                where=where,
                why=why,
                maybe=maybe,
            )
        )
    if isinstance(exc, RequestException | LibraryHTTPError | ConnectionError):
        return TemporaryError(
            _(
                "the connection to {where} broke before a whole answer; {maybe}",
                where=where,
                maybe=maybe,
            )
        )
    return TemporaryError(
        _("the answer from {where} could not be read; {maybe}", where=where, maybe=maybe)
    )


def _unreached(chain: list[BaseException], host: str, where: str, timeout: float) -> str:
    """Why no connection was made: a name that did not resolve, a refusal, a timeout."""
    if any(isinstance(e, NameResolutionError | socket.gaierror) for e in chain):
        cause = next((e.strerror for e in chain if isinstance(e, socket.gaierror)), None)
        if cause:
            return _("cannot resolve {host} ({cause})", host=host, cause=cause.lower())
        return _("cannot resolve {host}", host=host)
    if any(isinstance(e, NewConnectionError) for e in chain):
        code = next((e.errno for e in chain if isinstance(e, OSError) and e.errno), None)
        why = _REFUSALS.get(code or 0) or (os.strerror(code).lower() if code else _("refused"))
        return _("cannot connect to {where} ({why})", where=where, why=why)
    return _(
        "cannot connect to {where} (no answer within {timeout} s)",
        where=where,
        timeout=f"{timeout:g}",
    )
