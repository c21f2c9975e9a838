"""Settling the journal from GREEN-API's outgoing journal: one getOutgoingStatuses per instance.

`sync` calls `settle` for its profile's instance; `outbox flush` calls it once per instance it
sent to. Nothing here ever sends a status.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import ConfigError
from ..i18n import _

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..api import Instance
    from ..store import Entry, Journal

# The outgoing journal keeps 30 days: older entries cannot be settled.
KEEP_DAYS = 30


class Change(NamedTuple):
    """One entry whose state sync changed."""

    id: int
    old: str
    new: str
    id_message: str | None


class Settled(NamedTuple):
    """What one settling did: state changes, delivery updates, entries left ambiguous."""

    changes: list[Change]
    deliveries: int
    ambiguous: list[int]


def webhook_off(instance: Instance, options: Mapping[str, Any]) -> ConfigError | None:
    """The error to give when getSettings says `outgoingWebhook` is not `yes`, else None:
    GREEN-API's outgoing journal stays empty without it."""
    from .. import api

    found = api.get_settings(instance, **options).get("outgoingWebhook")
    if found == "yes":
        return None
    return ConfigError(
        _(
            "the instance setting outgoingWebhook is {value}, not yes: GREEN-API's journal of "
            "sent statuses stays empty without it; turn it on in the console or with "
            "SetSettings (it takes up to 5 minutes)",
            value=repr(found) if isinstance(found, str) else "missing",
        )
    )


def has_unknown(journal: Journal, id_instance: str, now: datetime) -> bool:
    """Whether the instance has `unknown` entries younger than 30 days (flush settles then)."""
    from ..store import iso

    since = iso(now - timedelta(days=KEEP_DAYS))
    return any(e.state == "unknown" for e in journal.unsettled(id_instance, since))


def settle(
    journal: Journal, instance: Instance, options: Mapping[str, Any], now: datetime | None = None
) -> Settled:
    """Read GREEN-API's outgoing journal once (when any entry may be settled) and apply it:
    unknown entries become queued (one match), stay unknown (ambiguous, or under 25 h) or
    become absent; queued entries get their delivery, or become deleted."""
    from .. import api
    from ..rules.settle import minutes_to_cover
    from ..store import iso, parse_iso, utcnow

    moment = now or utcnow()
    entries = journal.unsettled(instance.id_instance, iso(moment - timedelta(days=KEEP_DAYS)))
    if not entries:
        return Settled([], 0, [])
    oldest = min(parse_iso(e.created) for e in entries)
    minutes = minutes_to_cover((moment - oldest).total_seconds())
    items = [i for i in api.get_statuses(instance, minutes=minutes, **options) if _item(i)]
    run = _Run(journal, items, journal.linked_ids(instance.id_instance), instance.id_instance)
    for entry in entries:
        if entry.state == "queued":
            run.follow(entry)
        else:
            run.match(entry, (moment - parse_iso(entry.created)).total_seconds())
    return Settled(run.changes, run.deliveries, run.ambiguous)


def _item(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get("idMessage"), str)


class _Run:
    """One settling's bookkeeping over the items of one answer."""

    def __init__(
        self, journal: Journal, items: list[dict[str, Any]], linked: set[str], id_instance: str
    ) -> None:
        self.journal = journal
        self.items = items
        self.by_id = {str(i["idMessage"]): i for i in items}
        self.linked = linked
        self.id_instance = id_instance
        self.changes: list[Change] = []
        self.deliveries = 0
        self.ambiguous: list[int] = []

    def follow(self, entry: Entry) -> None:
        """A queued entry: deleted, a newer delivery, or (missing: outside the window) as is."""
        from ..rules.settle import DELETED, furthest

        item = self.by_id.get(str(entry.id_message))
        if item is None:
            return
        if item.get("typeMessage") == DELETED:
            if self.journal.settle(entry.id, "queued", "deleted"):
                self.changes.append(Change(entry.id, "queued", "deleted", entry.id_message))
            return
        delivery = furthest(entry.delivery, item.get("statusMessage"))
        if delivery != entry.delivery and delivery is not None:
            self.journal.set_delivery(self.id_instance, str(entry.id_message), delivery)
            self.deliveries += 1

    def match(self, entry: Entry, age: float) -> None:
        """An unknown entry: queued on exactly one candidate, absent after 25 h without one."""
        from ..rules.settle import candidates, furthest, verdict
        from ..store import Unsendable, parse_iso

        try:
            body = entry.request_body()
        except Unsendable:
            return
        created = parse_iso(entry.created).timestamp()
        found = candidates(entry.kind, body, created, self.items, self.linked)
        outcome, id_message = verdict(found, age)
        if outcome == "queued" and id_message is not None:
            note = _("settled by sync: GREEN-API's journal has it as {id}", id=id_message)
            if self.journal.settle(entry.id, "unknown", "queued", id_message=id_message, note=note):
                self.linked.add(id_message)
                self.changes.append(Change(entry.id, "unknown", "queued", id_message))
                delivery = furthest(None, found[0].get("statusMessage"))
                if delivery is not None:
                    self.journal.set_delivery(self.id_instance, id_message, delivery)
        elif outcome == "ambiguous":
            ids = ", ".join(str(i.get("idMessage")) for i in found)
            self.journal.note(
                entry.id, _("ambiguous: GREEN-API's journal has several matches ({ids})", ids=ids)
            )
            self.ambiguous.append(entry.id)
        elif outcome == "absent":
            note = _("absent: not in GREEN-API's journal 25 hours after it was sent")
            if self.journal.settle(entry.id, "unknown", "absent", note=note):
                self.changes.append(Change(entry.id, "unknown", "absent", None))
