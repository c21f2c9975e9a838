"""GREEN-API's status lists, kept in memory: outgoing, incoming, statistics, deletion, settings.

The answers are the documented ones (examples copied, trailing commas fixed).
"""

from __future__ import annotations

import json
import time
from typing import Any

from .examples import (
    CONTACTS_EXAMPLE,
    INCOMING_EXAMPLE,
    OUTGOING_EXAMPLE,
    STATISTIC_EXAMPLE,
    STATUS_AUDIENCE,
)
from .handler import Reply, json_body

STATUS_METHODS = {
    "getOutgoingStatuses",
    "getIncomingStatuses",
    "getStatusStatistic",
    "deleteStatus",
}


def journal_item(ident: str, body: dict[str, Any]) -> dict[str, Any]:
    """What getOutgoingStatuses shows for a status this server queued."""
    if "urlFile" in body:
        extension = str(body.get("fileName", "")).rpartition(".")[2].lower()
        kind = (
            "audioMessage"
            if "caption" not in body and "backgroundColor" in body
            else "videoMessage"
            if extension in ("mp4", "3gp", "mov")
            else "imageMessage"
        )
        return {
            "type": "outgoing",
            "idMessage": ident,
            "timestamp": int(time.time()),
            "typeMessage": kind,
            "chatId": "79990000000@c.us",
            "downloadUrl": body["urlFile"],
            "caption": body.get("caption", ""),
            "fileName": body.get("fileName", ""),
            "statusMessage": "pending",
            "sendByApi": True,
        }
    extended = {k: body[k] for k in ("backgroundColor", "font", "participants") if k in body}
    return {
        "type": "outgoing",
        "idMessage": ident,
        "timestamp": int(time.time()),
        "typeMessage": "extendedTextMessage",
        "chatId": "79990000000@c.us",
        "textMessage": body["message"],
        "extendedTextMessage": {"text": body["message"], **extended},
        "statusMessage": "pending",
        "sendByApi": True,
    }


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


class Statuses:
    """The journal's state and methods, mixed into FakeAPI so the tests reach them as attributes."""

    outgoing_webhook: str
    outgoing: list[dict[str, Any]]
    incoming: list[dict[str, Any]]
    statistics: dict[str, list[dict[str, Any]]]
    contacts: list[dict[str, Any]]
    deleted: list[str]
    honour_minutes: bool
    views: bool
    schedule: dict[str, float]
    _audience: dict[str, tuple[float, list[str]]]
    _queued_at: dict[str, float]

    def _open_journal(self) -> None:
        self.outgoing_webhook = "yes"
        self.outgoing = _copy(OUTGOING_EXAMPLE)
        self.incoming = _copy(INCOMING_EXAMPLE)
        self.statistics = {"BAE5018000000000": _copy(STATISTIC_EXAMPLE)}
        self.contacts = _copy(CONTACTS_EXAMPLE)
        self.deleted = []
        # Whether the `minutes` of the journal methods filters by age.
        self.honour_minutes = False
        # Whether queued statuses gain statistics: sent at once, delivered after a second,
        # read by every other recipient after three.
        self.views = False
        # statusMessage of a status queued here, by its age: {"sent": 1.0, "delivered": 3.0}
        # makes it sent after a second and delivered after three; empty, it stays pending.
        self.schedule = {}
        self._audience = {}
        self._queued_at = {}

    def settings(self) -> dict[str, Any]:
        """getSettings in its documented shape; outgoingWebhook follows self.outgoing_webhook."""
        return {
            "wid": "79990000000@c.us",
            "countryInstance": "",
            "typeAccount": "",
            "webhookUrl": "",
            "webhookUrlToken": "",
            "delaySendMessagesMilliseconds": 5000,
            "markIncomingMessagesReaded": "no",
            "markIncomingMessagesReadedOnReply": "no",
            "sharedSession": "no",
            "outgoingWebhook": self.outgoing_webhook,
            "outgoingMessageWebhook": "yes",
            "outgoingAPIMessageWebhook": "yes",
            "incomingWebhook": "yes",
            "stateWebhook": "no",
            "statusInstanceWebhook": "no",
        }

    def status_method(
        self, verb: str, method: str, query: dict[str, list[str]], raw: bytes
    ) -> Reply:
        wanted = "POST" if method == "deleteStatus" else "GET"
        if verb != wanted:
            return Reply(404, "Not Found")
        if verb == "GET" and raw:
            return Reply(400, "Validation failed. Details: GET takes query parameters, not a body")
        if method == "deleteStatus":
            return self.delete(raw)
        if method == "getStatusStatistic":
            ident = query.get("idMessage", [""])[0]
            if not ident:
                return Reply(400, "Validation failed. Details: 'idMessage' is required")
            return Reply(200, self.statistic(ident))
        minutes = query.get("minutes", ["1440"])[0]
        if not minutes.isdigit():
            return Reply(400, "Validation failed. Details: 'minutes' must be a number")
        if method == "getIncomingStatuses":
            return Reply(200, self.recent(self.incoming, int(minutes)))
        if self.outgoing_webhook != "yes":
            return Reply(200, [])
        for item in self.outgoing:
            self._scheduled(item)
            # Without a schedule, the journal follows the views; with one, the schedule rules.
            if not self.schedule and (sent := item.get("idMessage")) in self._audience:
                states = [v["status"] for v in self.statistic(sent)] or ["sent"]
                item["statusMessage"] = max(states, key=("sent", "delivered", "read").index)
        return Reply(200, self.recent(self.outgoing, int(minutes)))

    def _scheduled(self, item: dict[str, Any]) -> None:
        """The state the schedule gives a status queued here, by its age."""
        started = self._queued_at.get(str(item.get("idMessage")))
        if started is None or not self.schedule or item.get("typeMessage") == "deletedMessage":
            return
        age = time.monotonic() - started
        reached = [s for s, after in self.schedule.items() if age >= after]
        order = ("pending", "sent", "delivered", "read")
        item["statusMessage"] = max(["pending", *reached], key=order.index)

    def add_statistic(
        self, ident: str, *, sent: int = 0, delivered: int = 0, read: int = 0
    ) -> None:
        """getStatusStatistic of ident: that many participants in each state, of any size."""
        now = int(time.time())
        states = ["sent"] * sent + ["delivered"] * delivered + ["read"] * read
        self.statistics[ident] = [
            {"timestamp": now, "participant": f"7900{n:07d}@c.us", "status": state}
            for n, state in enumerate(states)
        ]

    def delete(self, raw: bytes) -> Reply:
        """deleteStatus: a live outgoing status becomes a deletedMessage."""
        body = json_body(raw)
        if isinstance(body, Reply):
            return body
        if not isinstance(body, dict) or set(body) != {"idMessage"}:
            return Reply(400, "Validation failed. Details: 'idMessage' is required")
        ident = body["idMessage"]
        live = [i for i in self.outgoing if i.get("idMessage") == ident]
        if not live or live[0].get("typeMessage") == "deletedMessage":
            return Reply(400, "ID message notfound")
        live[0]["typeMessage"] = "deletedMessage"
        self.deleted.append(ident)
        return Reply(200, "")

    def recent(self, items: list[dict[str, Any]], minutes: int) -> list[dict[str, Any]]:
        if not self.honour_minutes:
            return items
        since = time.time() - minutes * 60
        return [i for i in items if isinstance(i.get("timestamp"), int) and i["timestamp"] >= since]

    def statistic(self, ident: str) -> list[dict[str, Any]]:
        """getStatusStatistic's items; a status queued here progresses with its age."""
        if ident not in self._audience:
            return self.statistics.get(ident, [])
        started, recipients = self._audience[ident]
        age = time.monotonic() - started
        wall = int(time.time() - age)
        items = []
        for index, participant in enumerate(recipients):
            state = "read" if age >= 3 and index % 2 == 0 else "delivered" if age >= 1 else "sent"
            moment = wall + {"sent": 0, "delivered": 1, "read": 3}[state]
            items.append({"timestamp": moment, "participant": participant, "status": state})
        return items

    def audience(self, body: dict[str, Any]) -> list[str]:
        """Who receives a status: its participants, else the first 1024 saved contacts."""
        if body.get("participants"):
            return list(body["participants"])
        saved = [
            c["id"]
            for c in self.contacts
            if c.get("type") == "user" and str(c.get("contactName") or "").strip()
        ]
        return saved[:STATUS_AUDIENCE]

    def record(self, ident: str, body: dict[str, Any]) -> None:
        """A queued status enters the outgoing list, and gains an audience when views are on."""
        self._queued_at[ident] = time.monotonic()
        if self.outgoing_webhook == "yes":
            self.outgoing.append(journal_item(ident, body))
        if self.views:
            self._audience[ident] = (time.monotonic(), self.audience(body))
