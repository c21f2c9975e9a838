"""THE check of a reply: what an answer from GREEN-API means, in our words."""

from __future__ import annotations

import email.utils
import json
import math
import time
from typing import Any
from urllib.parse import urlsplit

from ..errors import (
    ConfigError,
    DataRefusedError,
    GreenstatusError,
    PermissionRefusedError,
    TemporaryError,
    UnavailableError,
)
from ..i18n import _
from ..rules.states import METHODS
from .http import Response, _proxy_for, guess_json_utf
from .instance import Instance
from .network import _address, _proxy_wants_login
from .retry import _Retry

MAX_RETRY_AFTER = 60.0
MAYBE_QUEUED = _(
    "the status may or may not have been queued; check the instance's outgoing statuses "
    "before posting it again"
)
# The methods that queue a status: an answer lost after one of them may hide a queued status.
SEND_METHODS = frozenset(METHODS.values())
# deleteStatus may be repeated after an answer was lost: deleting twice does no harm.
REPEATABLE = frozenset({"deleteStatus"})


def _server_words(response: Response, instance: Instance) -> str:
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
    return instance.shown(text) or instance.shown(response.reason or "") or _("no message")


def _effect(api_method: str, http_method: str) -> tuple[str, str]:
    """What a failed request left behind, in words: (when it provably did nothing, when it
    may have acted)."""
    if api_method in SEND_METHODS:
        return _("nothing was queued"), MAYBE_QUEUED
    if api_method == "deleteStatus":
        return _("nothing was deleted"), _("the status may or may not have been deleted")
    if api_method == "uploadFile":
        return _("nothing was posted"), _("nothing was posted")
    return _("nothing was changed"), _("nothing was changed")


def _retry_after(response: Response) -> float | None:
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
    response: Response, instance: Instance, http_method: str, maybe: str
) -> GreenstatusError:
    """A 3xx is never followed (a POST could be repeated elsewhere); name the target host only."""
    code = response.status_code
    where: str
    try:
        target = urlsplit(response.headers.get("Location", ""))
        host = target.hostname or urlsplit(instance.api_url).hostname or "?"
        scheme = target.scheme or urlsplit(instance.api_url).scheme
        port = f":{target.port}" if target.port else ""
        where = instance.shown(f"{scheme}://{host}{port}" if scheme else host, 120)
    except ValueError:
        where = _("an unparsable address")
    if code == 303 and http_method == "POST":
        # 303 may mean "done, see there": the server may have acted on the POST.
        message = _(
            "GREEN-API answered HTTP {code}, a redirect to {where}; greenstatus never follows "
            "redirects (a send could be repeated there): set api_url to the host your console "
            "shows; {maybe}",
            code=code,
            where=where,
            maybe=maybe,
        )
    else:
        message = _(
            "GREEN-API answered HTTP {code}, a redirect to {where}; greenstatus never follows "
            "redirects (a send could be repeated there): set api_url to the host your console "
            "shows",
            code=code,
            where=where,
        )
    return ConfigError(message, http_status=code)


def _error_for(
    response: Response, instance: Instance, api_method: str, http_method: str = "POST"
) -> GreenstatusError | _Retry:
    """The error an answer other than 200 means. _Retry only where it proves nothing was done."""
    code = response.status_code
    untouched, maybe = _effect(api_method, http_method)
    if 300 <= code < 400:
        return _redirect_error(response, instance, http_method, maybe)
    if code == 407:
        # Only a proxy asks for this: GREEN-API never saw the request.
        proxy = _proxy_for(instance.api_url)
        return _proxy_wants_login(_address(proxy)[1] if proxy else _("in use"))
    words = _server_words(response, instance)
    said = f"(HTTP {code}: {words})"
    if code == 400:
        return _bad_request(words, said)
    if code >= 500 or code in (429, 499):
        return _server_trouble(response, http_method, said, untouched, maybe)
    if 400 <= code < 500:
        return _refusal(code, said)
    return TemporaryError(
        _("unexpected answer {said}; {maybe}", said=said, maybe=maybe), http_status=code
    )


def _refusal(code: int, said: str) -> GreenstatusError:
    """A 4xx other than 400, 407, 429 and 499: GREEN-API refused; trying again would not help."""
    if code == 401:
        return PermissionRefusedError(
            _(
                "apiTokenInstance was rejected {said}; check the token in the GREEN-API console",
                said=said,
            ),
            http_status=code,
        )
    if code in (403, 404):
        return PermissionRefusedError(
            _(
                "access refused {said}: idInstance or apiUrl is wrong, or this instance has no "
                "access to the status methods (request it from GREEN-API support)",
                said=said,
            ),
            http_status=code,
        )
    if code == 466:
        return UnavailableError(
            _("the instance's quota is used up {said}", said=said), http_status=code
        )
    return DataRefusedError(_("GREEN-API refused the request {said}", said=said), http_status=code)


def _server_trouble(
    response: Response, http_method: str, said: str, untouched: str, maybe: str
) -> GreenstatusError | _Retry:
    """A 429, a 499 or a 5xx: GREEN-API could not serve it now. _Retry only where the answer
    proves nothing was done."""
    code = response.status_code
    if code == 429:
        return _Retry(
            TemporaryError(
                _(
                    "rate limited by GREEN-API {said}; {untouched}; try again in a minute",
                    said=said,
                    untouched=untouched,
                ),
                http_status=code,
            ),
            _retry_after(response),
        )
    if code == 503:
        return _Retry(
            TemporaryError(
                _(
                    "GREEN-API is unavailable for the moment {said}; {untouched}; "
                    "try again in a few minutes",
                    said=said,
                    untouched=untouched,
                ),
                http_status=code,
            )
        )
    if code == 502 and http_method == "GET":
        return _Retry(
            TemporaryError(
                _("GREEN-API's gateway failed {said}; {untouched}", said=said, untouched=untouched),
                http_status=code,
            )
        )
    if code == 502:
        # GREEN-API's nginx answers 502 after its backend took the request in some cases.
        return TemporaryError(
            _("GREEN-API's gateway failed {said}; {maybe}", said=said, maybe=maybe),
            http_status=code,
        )
    return TemporaryError(
        _("GREEN-API failed {said}; {maybe}", said=said, maybe=maybe), http_status=code
    )


def _bad_request(words: str, said: str) -> GreenstatusError | _Retry:
    """A 400: GREEN-API says why only in its words, so they decide between its three cases."""
    lowered = words.lower()
    if "starting process" in lowered:
        return _Retry(
            TemporaryError(
                _("the instance is starting; try again in a minute {said}", said=said),
                http_status=400,
            )
        )
    if any(s in lowered for s in ("not authorized", "expired", "deleted", "blocked")):
        return UnavailableError(
            _(
                "the instance cannot send: not authorised, expired, deleted or blocked {said}; "
                "see console.green-api.com",
                said=said,
            ),
            http_status=400,
        )
    return DataRefusedError(_("GREEN-API refused the request {said}", said=said), http_status=400)


# What _answer returns for a body that is not JSON (or too deeply nested to read).
NOT_JSON: Any = object()


def _answer(response: Response, instance: Instance, *, exact: bool = False) -> Any:
    """The JSON of a 200 answer, or NOT_JSON; every answer from GREEN-API passes here.

    The token is masked in the text before it is parsed: no value taken from it (idMessage,
    stateInstance, wid) can carry the token on to the journal or the screen, in any case or
    spelling. `exact` keeps the text as sent, for urlFile: the send needs the link as it is,
    and the journal refuses to keep one that carries the token. A 200 that carries code 401 is
    a refused token: the Go SDK has seen it.
    """
    content = response.content
    try:
        encoding = response.encoding or guess_json_utf(content)  # type: ignore[no-untyped-call]
        text = content.decode(encoding or "utf-8", "replace")
        data = json.loads(text if exact else instance.scrub(text))
    except (ValueError, RecursionError, LookupError):
        # RecursionError: a body of 100,000 `[` is the server's fault, never a crash.
        return NOT_JSON
    if isinstance(data, dict) and data.get("code") == 401:
        raise PermissionRefusedError(
            _("apiTokenInstance was rejected (HTTP 200 carrying code 401)"), http_status=200
        )
    return data


def _json_answer(response: Response, instance: Instance, maybe: str) -> dict[str, Any]:
    data = _answer(response, instance)
    if data is None:
        # getStateInstance answers null while the instance is still being created.
        return {}
    if not isinstance(data, dict):
        words = instance.shown(response.text)
        raise TemporaryError(
            _(
                "GREEN-API answered 200 without a JSON object ({words}); {maybe}",
                words=words,
                maybe=maybe,
            ),
            http_status=200,
        )
    return data


def _json_list(response: Response, instance: Instance) -> list[Any]:
    data = _answer(response, instance)
    if data is None:
        return []
    if not isinstance(data, list):
        words = instance.shown(response.text)
        raise TemporaryError(
            _("GREEN-API answered 200 without a JSON array ({words})", words=words),
            http_status=200,
        )
    return data
