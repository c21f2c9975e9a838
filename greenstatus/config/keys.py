"""The keys a profile may hold, their defaults, and the rule each value must meet to be stored."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..errors import UsageError
from ..i18n import _

CREDENTIAL_ENV = {
    "id_instance": "GREENSTATUS_ID_INSTANCE",
    "api_token_instance": "GREENSTATUS_API_TOKEN_INSTANCE",
    "api_url": "GREENSTATUS_API_URL",
    "media_url": "GREENSTATUS_MEDIA_URL",
}
KEYS = (
    "id_instance",
    "api_token_instance",
    "api_url",
    "background_color",
    "font",
    "participants",
    "default_region",
    "timeout",
    "duplicate_window",
    "outbox",
    "outbox_expiry",
    "journal_days",
    "journal",
    "media_url",
)
# The journal's keys: (lowest, highest, unit) for the numbers; the rest are booleans.
_JOURNAL_NUMBERS = {
    "duplicate_window": (0, 1440, _("minutes (0 turns the duplicate guard off)")),
    "outbox_expiry": (1, 720, _("hours")),
    "journal_days": (1, 3650, _("days")),
}
_JOURNAL_FLAGS = ("outbox", "journal")
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")
JOURNAL_DEFAULTS: dict[str, Any] = {
    "duplicate_window": 10,
    "outbox": False,
    "outbox_expiry": 24,
    "journal_days": 90,
    "journal": True,
}
_PROFILE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def check_profile_name(name: str) -> str:
    if not _PROFILE_NAME.fullmatch(name):
        raise UsageError(
            _("profile name {name}: use letters, digits, '-' and '_' only", name=repr(name))
        )
    return name


def check_key(key: str) -> None:
    """UsageError listing the known keys when key is not one of them."""
    if key not in KEYS:
        raise UsageError(
            _("unknown key {key}; known keys: {keys}", key=repr(key), keys=", ".join(KEYS))
        )


_TOML_TYPES = {
    bool: _("a boolean"),
    int: _("a number"),
    float: _("a number"),
    list: _("an array"),
    dict: _("a table"),
}


def _kind(value: Any) -> str:
    return _TOML_TYPES.get(type(value), type(value).__name__)


def _check_type(key: str, value: Any) -> None:
    """A TOML file can give any type; only the one each key means is accepted, never coerced."""
    if key == "participants":
        ok = isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
        wanted = _("an array of strings")
    elif key == "timeout":
        ok = isinstance(value, int | float | str) and not isinstance(value, bool)
        wanted = _("a number of seconds")
    elif key == "id_instance":
        ok = isinstance(value, str | int) and not isinstance(value, bool)
        wanted = _("a string of digits")
    elif key in _JOURNAL_FLAGS:
        ok = isinstance(value, bool | str)
        wanted = _("true or false")
    elif key in _JOURNAL_NUMBERS:
        ok = isinstance(value, int | str) and not isinstance(value, bool)
        wanted = _("a whole number")
    else:
        ok = isinstance(value, str)
        wanted = _("a string")
    if not ok:
        raise UsageError(
            _("{key} must be {wanted}, not {kind}", key=key, wanted=wanted, kind=_kind(value))
        )


def _token_problem(value: str) -> str | None:
    """Why value cannot be a GREEN-API token, without showing any of it (it may be the token)."""
    if not value:
        return _("it is empty")
    if value.isascii() and value.isalnum():
        return None
    kinds: list[str] = []
    if any(ch.isspace() for ch in value):
        kinds.append(_("white space"))
    if any(not ch.isprintable() and not ch.isspace() for ch in value):
        kinds.append(_("control characters"))
    if not value.isascii():
        kinds.append(_("non-ASCII characters"))
    punctuation = sorted(
        {ch for ch in value if ch.isascii() and ch.isprintable()}
        - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
    )
    if punctuation:
        kinds.append("'" + "".join(punctuation[:8]) + "'")
    return _(
        "it has {count} characters including {kinds}", count=len(value), kinds=", ".join(kinds)
    )


def normalise_value(key: str, value: Any) -> Any:
    """Validate one setting and return it as it is stored; raise UsageError naming the rule.

    A value that fails is never repeated in the message when it could be the token (a token
    pasted into the wrong variable or key): the message names the rule and the value's shape.
    """
    check_key(key)
    _check_type(key, value)
    if key == "participants":
        return _participants(value)
    if key == "timeout":
        return _timeout(value)
    if key in _JOURNAL_NUMBERS or key in _JOURNAL_FLAGS:
        return _journal_value(key, value)
    return _text_value(key, str(value).strip())


def _participants(value: Any) -> list[str]:
    from ..rules import recipients

    items = value if isinstance(value, list) else recipients.split_values([str(value)])
    numbers = recipients.normalise_all(str(v) for v in items)
    if not numbers:
        # An empty list must not quietly mean "all contacts"; unsetting the key does.
        raise UsageError(
            _(
                "participants names nobody; an empty audience is never widened to all "
                "contacts (to post to all contacts: greenstatus config unset participants)"
            )
        )
    return numbers


def _timeout(value: Any) -> int | float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 < seconds <= 3600:  # also false for nan
        raise UsageError(_("timeout: give seconds, more than 0 and at most 3600"))
    return int(seconds) if seconds.is_integer() else seconds


def _text_value(key: str, text: str) -> str:
    from ..rules import colors, fonts

    if key == "id_instance":
        if not re.fullmatch(r"[0-9]{1,10}", text):
            raise UsageError(
                _("idInstance must be 1 to 10 digits (got {shape})", shape=_shape(text))
            )
        return text
    if key == "api_token_instance":
        # GREEN-API tokens are letters and digits; anything else would change the URL
        # (%, #, ?, /) or reach requests' messages in a spelling the scrubber must guess.
        if problem := _token_problem(text):
            raise UsageError(
                _(
                    "apiTokenInstance must be ASCII letters and digits only: {problem}",
                    problem=problem,
                )
            )
        return text
    if key == "api_url":
        return _normalise_url(text)
    if key == "media_url":
        return _normalise_url(text, "mediaUrl")
    if key == "default_region":
        # Checked against phonenumbers only when recipients are read (rules.phones), so that
        # loading the settings never imports it; `config set` checks it at once (edit.py).
        return text.upper()
    if key == "background_color":
        return colors.parse_color(text)
    return fonts.parse_font(text)


def _shape(text: str) -> str:
    """A value described without being shown: it may be a token in the wrong place."""
    if not text:
        return _("an empty value")
    if text.isdigit():
        return _("{count} characters of digits", count=len(text))
    if text.isalnum():
        return _("{count} characters of letters and digits", count=len(text))
    return _("{count} characters of text", count=len(text))


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")


def _journal_value(key: str, value: Any) -> int | bool:
    if key in _JOURNAL_FLAGS:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise UsageError(_("{key} {value}: give true or false", key=key, value=repr(value)))
    low, high, unit = _JOURNAL_NUMBERS[key]
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not low <= int(text) <= high:
        raise UsageError(
            _(
                "{key} {value}: give whole {unit}, from {low} to {high}",
                key=key,
                value=repr(value),
                unit=unit,
                low=low,
                high=high,
            )
        )
    return int(text)


def _normalise_url(text: str, label: str = "apiUrl") -> str:
    """scheme://host[:port], checked here so that a bad apiUrl or mediaUrl is a config error (78).

    Messages never repeat the value: a token pasted in the wrong place must not be echoed.
    """
    example = _(
        "such as {url}",
        url=f"https://1101.{'media' if label == 'mediaUrl' else 'api'}.greenapi.com",
    )
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        raise UsageError(
            _(
                "{label} is not a valid URL ({shape}); {example}",
                label=label,
                shape=_shape(text),
                example=example,
            )
        ) from None
    if parts.scheme not in ("http", "https") or not host:
        raise UsageError(
            _(
                "{label} must start with https:// (or http://) and name a host ({shape}); "
                "{example}",
                label=label,
                shape=_shape(text),
                example=example,
            )
        )
    if parts.path.strip("/") or parts.query or parts.fragment or "@" in parts.netloc:
        raise UsageError(
            _(
                "{label} must be scheme and host only, with no path; {example}",
                label=label,
                example=example,
            )
        )
    if port == 0:
        raise UsageError(_("{label}'s port must be 1 to 65535", label=label))
    bracketed = parts.netloc.startswith("[")
    if not bracketed and not _HOST.fullmatch(host):
        raise UsageError(
            _(
                "{label}'s host must be letters, digits, '-' and '.' only; {example}",
                label=label,
                example=example,
            )
        )
    if bracketed:
        import ipaddress

        try:
            ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            raise UsageError(_("{label}'s [host] is not an IPv6 address", label=label)) from None
    return f"{parts.scheme}://{parts.netloc}"
