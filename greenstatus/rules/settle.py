"""What GREEN-API's outgoing journal says about our entries: delivery order, matching, 25 hours.

Pure rules over plain values (dicts as getOutgoingStatuses returns them), so `sync`, `outbox
flush` and `post --wait` share one reading and the tests need no server.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from typing import Any, TypeGuard

from .states import KINDS
from .states import SENT_STATES as DELIVERY  # the order a status moves through them
from .states import WAIT_STATES as WAIT_STATES

# GREEN-API keeps a status in its queue 24 hours; an hour more for clocks and the queue's own pace.
ABSENT_AFTER = 25 * 3600
# A status's journal timestamp may be a little before our entry's creation (clocks differ).
CLOCK_SLACK = 60
# The outgoing journal keeps 30 days: getOutgoingStatuses' `minutes` at most.
MAX_MINUTES = 30 * 24 * 60
DELETED = "deletedMessage"


def rank(state: object) -> int:
    """A delivery state's place in DELIVERY; -1 for anything else (GREEN-API may add states)."""
    return DELIVERY.index(state) if state in DELIVERY else -1


def reached(seen: object, wanted: str) -> bool:
    """Whether the state seen is `wanted` or later (read counts as sent)."""
    return rank(seen) >= rank(wanted) >= 0


def furthest(old: str | None, new: object) -> str | None:
    """The delivery to keep: a state never goes back, and an unknown word is not kept."""
    if rank(new) > rank(old):
        return str(new)
    return old


def not_shown(item: Mapping[str, Any]) -> str | None:
    """The state of an outgoing item GREEN-API will never show: "deleted" for a
    deletedMessage, else a statusMessage outside DELIVERY (failed, noAccount...); None while
    it may still be (a delivery state, or no statusMessage word at all)."""
    if item.get("typeMessage") == DELETED:
        return "deleted"
    state = item.get("statusMessage")
    if isinstance(state, str) and state and state not in DELIVERY:
        return state
    return None


def _participants(value: object) -> frozenset[str] | None:
    """A participants list as a set; None for "not sent" (absent or empty: everyone)."""
    if not isinstance(value, list) or not value:
        return None
    return frozenset(str(v) for v in value)


def _same(sent: object, reported: object, *, fold: bool = False) -> bool:
    """A field we sent against what GREEN-API reports; a field we did not send matches any."""
    if sent is None:
        return True
    if fold and isinstance(sent, str) and isinstance(reported, str):
        return sent.casefold() == reported.casefold()
    return sent == reported


def same_content(kind: str, body: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
    """Whether an outgoing item carries the status `body` describes (see `candidates`)."""
    if KINDS.get(str(item.get("typeMessage"))) != kind:
        return False
    if kind == "text":
        extended = item.get("extendedTextMessage")
        extended = extended if isinstance(extended, dict) else {}
        text = extended.get("text", item.get("textMessage"))
        reported = extended.get("participants")
        return (
            body.get("message") == text
            and _same(body.get("backgroundColor"), extended.get("backgroundColor"), fold=True)
            and _same(body.get("font"), extended.get("font"))
            and _same(_participants(body.get("participants")), _participants(reported))
        )
    reported = item.get("participants")
    # GREEN-API renames files, so the caption, the audience and the type are what is left.
    return _same(body.get("caption"), item.get("caption")) and _same(
        _participants(body.get("participants")), _participants(reported)
    )


def _finite(stamp: object) -> TypeGuard[float]:
    """Whether a journal timestamp is a real number of seconds: NaN and infinity (JSON's
    NaN and Infinity parse to them) would pass every comparison or none."""
    return isinstance(stamp, int | float) and not isinstance(stamp, bool) and math.isfinite(stamp)


def candidates(
    kind: str,
    body: Mapping[str, Any],
    created: float,
    items: Iterable[Mapping[str, Any]],
    linked: Collection[str],
) -> list[Mapping[str, Any]]:
    """The outgoing items that may be the entry (kind, body, created in seconds since the
    epoch): the same kind and content, a finite timestamp no earlier than 60 s before it
    was created, sent by the API, and not linked to another entry already."""
    found = []
    for item in items:
        stamp = item.get("timestamp")
        if item.get("sendByApi") is not True or not _finite(stamp):
            continue
        if stamp < created - CLOCK_SLACK or str(item.get("idMessage")) in linked:
            continue
        if same_content(kind, body, item):
            found.append(item)
    return found


def verdict(found: list[Mapping[str, Any]], age: float) -> tuple[str, str | None]:
    """What becomes of an `unknown` entry with these candidates, `age` seconds after it was
    created: ("queued", idMessage), ("ambiguous", None), ("absent", None) or ("unknown", None)."""
    if len(found) == 1:
        return "queued", str(found[0].get("idMessage"))
    if found:
        return "ambiguous", None
    return ("absent", None) if age >= ABSENT_AFTER else ("unknown", None)


def minutes_to_cover(oldest_age: float) -> int:
    """getOutgoingStatuses' `minutes` covering an entry `oldest_age` seconds old (plus the
    clock slack), from 1 to the journal's 30 days."""
    return max(1, min(MAX_MINUTES, int((oldest_age + CLOCK_SLACK) // 60) + 1))


def reach(items: Iterable[object]) -> tuple[int, int, int]:
    """getStatusStatistic's items as (reached, delivered, viewed): every participant; those
    whose status is delivered or read; those whose status is read."""
    states = [i.get("status") for i in items if isinstance(i, dict)]
    delivered = sum(1 for s in states if s in ("delivered", "read"))
    return len(states), delivered, sum(1 for s in states if s == "read")
