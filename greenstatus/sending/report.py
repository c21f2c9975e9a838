"""`report`'s rows: the window's queued statuses (and, with --all, the phone's), each with one
getStatusStatistic at GREEN-API's 1 request a second."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ..errors import GreenstatusError, Interrupted, PermissionRefusedError

if TYPE_CHECKING:
    from ..api import Instance
    from ..store import Journal


def statuses(
    journal: Journal | None,
    instance: Instance,
    options: Mapping[str, Any],
    *,
    days: int,
    limit: int,
    phone: bool,
) -> list[dict[str, Any]]:
    """The rows to count, newest first, at most `limit`: idMessage, created (ISO 8601 UTC),
    kind and first_line. `phone` adds the statuses GREEN-API's journal has and ours has not
    (one getOutgoingStatuses over the window)."""
    from .. import api
    from ..store import iso, utcnow

    since = iso(utcnow() - timedelta(days=days))
    rows = []
    if journal is not None:
        for entry in journal.queued_since(instance.id_instance, since, limit):
            rows.append(
                {
                    "idMessage": entry.id_message,
                    "created": entry.created,
                    "kind": entry.kind,
                    "first_line": entry.first_line,
                }
            )
    if phone:
        known = {r["idMessage"] for r in rows}
        if journal is not None:
            known |= journal.linked_ids(instance.id_instance)
        items = api.get_statuses(instance, minutes=days * 1440, **options)
        rows += [row for item in items if (row := _phone_row(item, known)) is not None]
    rows.sort(key=lambda r: str(r["created"]), reverse=True)
    return [r for r in rows if str(r["created"]) >= since][:limit]


def _phone_row(item: object, known: set[Any]) -> dict[str, Any] | None:
    from ..rules.statuses import KINDS, first_line, iso_utc

    if not isinstance(item, dict) or not isinstance(item.get("idMessage"), str):
        return None
    if item["idMessage"] in known or item.get("typeMessage") not in KINDS:
        return None
    text = item.get("textMessage") if "textMessage" in item else item.get("caption")
    return {
        "idMessage": item["idMessage"],
        "created": iso_utc(item.get("timestamp")),
        "kind": KINDS[str(item["typeMessage"])],
        "first_line": first_line(text),
    }


def count(
    instance: Instance,
    rows: list[dict[str, Any]],
    options: Mapping[str, Any],
    advance: Callable[[], None],
) -> list[GreenstatusError]:
    """Fill each row's reached, delivered and viewed (None when its statistic failed, and the
    failure returned); a 403 stops at once (exit 77): no other row can do better."""
    from .. import api
    from ..rules.settle import reach

    failures: list[GreenstatusError] = []
    for row in rows:
        try:
            items = api.get_status_statistic(instance, str(row["idMessage"]), **options)
        except (PermissionRefusedError, Interrupted):
            raise
        except GreenstatusError as exc:
            failures.append(exc)
            row.update(reached=None, delivered=None, viewed=None)
        else:
            row["reached"], row["delivered"], row["viewed"] = reach(items)
        advance()
    return failures
