"""Reading the items of GREEN-API's status lists: pure, and never trusting their shape.

Items come from the server: any field may be missing, of another type, or carry control
characters and terminal escapes. Every value leaves here as a plain one-line string.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from .states import KINDS as KINDS  # typeMessage -> kind, one table for every reader
from .untrusted import clean as clean  # the one sanitizer, re-exported for older callers

STAT_STATES = ("sent", "delivered", "read")
MISSING = "-"
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


class Row(NamedTuple):
    """One journal item as shown; each field clean() ("" when absent) but `text`, kept whole."""

    id_message: str
    timestamp: str
    kind: str
    state: str
    sender_name: str
    text: str
    color: str
    font: str


class Stat(NamedTuple):
    participant: str
    state: str
    timestamp: str


def first_line(value: Any) -> str:
    """The first line that has something on it, cleaned."""
    if not isinstance(value, str):
        return ""
    for line in value.replace("\r", "\n").split("\n"):
        if line.strip():
            return clean(line)
    return ""


def iso_utc(value: Any) -> str:
    """A UNIX time in seconds as ISO 8601 UTC (2024-03-11T05:26:51Z); "" when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    try:
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return ""


Scrub = Callable[[str], str]


def _unchanged(text: str) -> str:
    return text


def describe(item: Any, *, incoming: bool = False, scrub: Scrub = _unchanged) -> Row:
    """One item of getOutgoingStatuses or getIncomingStatuses; an unknown shape is `other`.

    `scrub` runs on every string before it is cleaned, so a secret is replaced while whole.
    """

    def c(value: Any) -> str:
        return clean(scrub(value) if isinstance(value, str) else value)

    if not isinstance(item, dict):
        return Row("", "", "other", "", "", "", "", "")
    type_message = item.get("typeMessage")
    kind = KINDS.get(type_message, "other") if isinstance(type_message, str) else "other"
    extended = item.get("extendedTextMessage")
    extended = extended if isinstance(extended, dict) else {}
    if kind == "text":
        text = extended.get("text")
        if not isinstance(text, str):
            text = item.get("textMessage")
    else:
        text = item.get("caption")
    color = extended.get("backgroundColor") if kind == "text" else None
    color = color.upper() if isinstance(color, str) and _HEX.fullmatch(color) else ""
    if incoming:
        sender = item.get("senderId") or item.get("chatId")
        name = item.get("senderContactName") or item.get("senderName")
    else:
        sender, name = item.get("statusMessage"), None
    return Row(
        id_message=c(item.get("idMessage")),
        timestamp=iso_utc(item.get("timestamp")),
        kind=kind,
        state=c(sender),
        sender_name=c(name),
        text=scrub(text) if isinstance(text, str) else "",
        color=color,
        font=c(extended.get("font")) if kind == "text" else "",
    )


def in_state(items: Sequence[Any], state: str) -> list[Any]:
    """The items whose statusMessage is exactly state; an item of any other shape is left out."""
    return [i for i in items if isinstance(i, dict) and i.get("statusMessage") == state]


def digits(participant: str) -> str:
    """`79001234567@c.us` → `79001234567`; anything else is kept as it is."""
    return participant.split("@", 1)[0] if participant.endswith("@c.us") else participant


def stat(item: Any, *, scrub: Scrub = _unchanged) -> Stat:
    """One item of getStatusStatistic."""
    if not isinstance(item, dict):
        return Stat("", "other", "")
    participant, status = item.get("participant"), item.get("status")
    return Stat(
        digits(clean(scrub(participant) if isinstance(participant, str) else participant)),
        clean(scrub(status) if isinstance(status, str) else status) or "other",
        iso_utc(item.get("timestamp")),
    )


def summary(stats: Sequence[Stat]) -> str:
    """`sent N, delivered N, read N`, each participant counted once in its latest state."""
    counts = Counter(s.state for s in stats)
    parts = [f"{state} {counts.pop(state, 0)}" for state in STAT_STATES]
    parts += [f"{state} {n}" for state, n in sorted(counts.items())]
    return ", ".join(parts)
