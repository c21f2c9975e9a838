"""Journal entries as records: a stored row, a new entry to add, and rows read leniently."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, NamedTuple

from ..errors import StorageError
from ..i18n import _
from ..rules.states import METHODS

COLUMNS = (
    "id",
    "created",
    "updated",
    "profile",
    "id_instance",
    "kind",
    "method",
    "body",
    "not_before",
    "state",
    "id_message",
    "attempts",
    "http_status",
    "last_error",
    "timeout",
    "fingerprint",
    "file_sha256",
    "file_name",
    "url_file",
    "file_copy",
    "queued_at",
    "delivery",
)
# One select list, so every query hands read_row its cells in the order Entry names them.
SELECTED = ", ".join(COLUMNS)


class Unsendable(StorageError):
    """An outbox entry that can never be sent (its kept copy is gone, its row cannot be read):
    it becomes `failed` and the flush goes on with the others."""


class Entry:
    """One row of the journal; `body` is the JSON text exactly as stored.

    A plain class rather than a dataclass: building a dataclass costs start-up time on every
    post, and this one is only ever made from a row.
    """

    __slots__ = COLUMNS
    id: int
    created: str
    updated: str
    profile: str
    id_instance: str
    kind: str
    method: str
    body: str
    not_before: str
    state: str
    id_message: str | None
    attempts: int
    http_status: int | None
    last_error: str | None
    timeout: float
    fingerprint: str
    file_sha256: str | None
    file_name: str | None
    url_file: str | None
    file_copy: str | None
    # When GREEN-API's answer was recorded, in seconds since the epoch: `last` orders by it.
    queued_at: float | None
    # The last statusMessage GREEN-API reported (pending, sent, delivered, read); None before.
    delivery: str | None

    def __init__(self, *values: Any) -> None:
        for name, value in zip(COLUMNS, values, strict=True):
            setattr(self, name, value)

    def __repr__(self) -> str:
        return f"Entry(id={self.id}, state={self.state!r}, kind={self.kind!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in COLUMNS)

    __hash__ = None  # type: ignore[assignment]

    @property
    def body_dict(self) -> dict[str, Any]:
        """The body to show; {} when the stored text is not a JSON object (a corrupt row)."""
        try:
            return self.request_body()
        except Unsendable:
            return {}

    def request_body(self) -> dict[str, Any]:
        """The body to send; Unsendable when the stored text is not a JSON object."""
        try:
            data = json.loads(self.body)
        except (ValueError, TypeError) as exc:
            raise Unsendable(_("its stored body cannot be read ({reason})", reason=exc)) from None
        if not isinstance(data, dict):
            raise Unsendable(
                _(
                    "its stored body is not a JSON object but {type}",
                    type=type(data).__name__,
                )
            )
        return data

    @property
    def first_line(self) -> str:
        """The first line of the text or caption; the file name for a voice status."""
        body = self.body_dict
        words = body.get("message") or body.get("caption") or self.file_name or ""
        lines = str(words).splitlines()
        return lines[0] if lines else ""

    def public(self) -> dict[str, Any]:
        """The entry as `history --json` shows it."""
        return {
            "id": self.id,
            "created": self.created,
            "updated": self.updated,
            "profile": self.profile,
            "id_instance": self.id_instance,
            "kind": self.kind,
            "state": self.state,
            "delivery": self.delivery,
            "not_before": self.not_before,
            "idMessage": self.id_message,
            # The old spelling, kept for one release (README, "JSON keys"); then only idMessage.
            "id_message": self.id_message,
            "body": self.body_dict,
            "attempts": self.attempts,
            "http_status": self.http_status,
            "last_error": self.last_error,
        }


class NewEntry(NamedTuple):
    """A new entry as a caller describes it; the journal adds id, times and attempts."""

    profile: str
    id_instance: str
    kind: str
    body: dict[str, Any]
    fingerprint: str
    state: str = "sending"
    not_before: datetime | None = None
    timeout: float = 30.0
    file_sha256: str | None = None
    file_name: str | None = None
    url_file: str | None = None
    file_copy: str | None = None

    @property
    def method(self) -> str:
        return METHODS[self.kind]


class Added(NamedTuple):
    """What `Journal.add` did: the new entry, or the earlier entry it duplicates."""

    entry: Entry | None
    duplicate: Entry | None


def read_row(row: Any) -> Entry:
    """An entry from a row, whatever its cells hold."""
    # A row edited by hand may hold a BLOB or text where a number belongs; each entry is shown
    # or failed on its own, so one bad row never stops a listing or a flush.
    entry = Entry(*(v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in row))
    if not isinstance(entry.timeout, int | float):
        entry.timeout = 30.0
    return entry


def body_text(body: dict[str, Any]) -> str:
    """The body as stored: the JSON object that is sent, compact, Unicode kept."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def fingerprint(kind: str, body: dict[str, Any]) -> str:
    """The duplicate-guard key of a text status: its kind and exact body, canonically.

    Media posts compute their own key (file SHA-256 or URL, caption, colour, audience): the
    body of a local file changes with each upload's urlFile.
    """
    if isinstance(body.get("participants"), list):
        # The audience is a set: the order of -t options does not make another status.
        body = {**body, "participants": sorted(map(str, body["participants"]))}
    canonical = json.dumps(
        {"kind": kind, "body": body}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
