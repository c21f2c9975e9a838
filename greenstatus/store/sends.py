"""Sending from the journal: claims, the send pacing every process shares, and outcomes."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import UsageError
from ..i18n import _
from ..rules.states import DUE
from .db import Database
from .entries import SELECTED, Entry, read_row
from .times import iso, parse_iso, utcnow

SEND_RATE = 5
# A little over a second: the server's window and ours start at slightly different moments.
SEND_SPAN = 1.06
STALE_GRACE = 60.0
POLL = 0.1


def _stale_after(entry: Entry) -> datetime:
    """When a `sending` entry counts as abandoned; at once if its time cannot be read."""
    try:
        return parse_iso(entry.updated) + timedelta(seconds=entry.timeout + STALE_GRACE)
    except (ValueError, TypeError):
        return datetime.min.replace(tzinfo=UTC)


def _carries_secret(value: str) -> bool:
    from ..output import scrub

    return scrub(value) != value


class Sends(Database):
    """An entry's way from due to an outcome: claimed, paced, touched, finished or settled."""

    def claim_next(
        self,
        *,
        skip_instances: Sequence[str] = (),
        profile: str | None = None,
        after: Sequence[int] = (),
    ) -> Entry | None:
        """Set the oldest due entry to `sending` and return it, in one transaction: two
        flushes, or a flush and a post, never get the same entry."""
        now = iso(utcnow())
        where = "state IN ('scheduled', 'pending') AND not_before <= ?"
        params: list[Any] = [now]
        if skip_instances:
            where += f" AND id_instance NOT IN ({','.join('?' * len(skip_instances))})"
            params += list(skip_instances)
        if profile:
            where += " AND profile = ?"
            params.append(profile)
        if after:
            where += f" AND id NOT IN ({','.join('?' * len(after))})"
            params += list(after)
        with self._write() as db:
            row = db.execute(
                f"SELECT {SELECTED} FROM entries WHERE {where} ORDER BY not_before, id LIMIT 1",
                params,
            ).fetchone()
            if row is None:
                return None
            entry = read_row(row)
            db.execute(
                "UPDATE entries SET state = 'sending', updated = ? WHERE id = ?", (now, entry.id)
            )
        entry.state, entry.updated = "sending", now
        return entry

    def reserve_send(
        self, id_instance: str, rate: int = SEND_RATE, span: float = SEND_SPAN
    ) -> float:
        """Book a send to id_instance now and return 0, or return the seconds to wait first:
        at most `rate` sends start in any `span` seconds, counted over the real start times
        of every process's sends (a fixed sleep between sends drifts on a busy machine)."""
        now = time.time()
        with self._write() as db:
            db.execute("DELETE FROM sends WHERE at < ?", (now - 60,))
            recent = db.execute(
                "SELECT at FROM sends WHERE id_instance = ? AND at > ? ORDER BY at DESC LIMIT ?",
                (id_instance, now - span, rate),
            ).fetchall()
            if len(recent) >= rate:
                return max(float(recent[-1][0]) + span - now, 0.001)
            db.execute("INSERT INTO sends (id_instance, at) VALUES (?, ?)", (id_instance, now))
        return 0.0

    def pace(self, id_instance: str) -> None:
        """Wait until a send to id_instance keeps within the rate, and book it."""
        while (wait := self.reserve_send(id_instance)) > 0:
            time.sleep(wait)

    def touch(self, entry_id: int, timeout: float | None = None) -> None:
        """A sending entry is still alive: a request for it is starting now."""
        with self._write() as db:
            db.execute(
                "UPDATE entries SET updated = ?, timeout = COALESCE(?, timeout) "
                "WHERE id = ? AND state = 'sending'",
                (iso(utcnow()), timeout, entry_id),
            )

    def update_media(self, entry_id: int, **values: str | None) -> None:
        """Set media columns (file_sha256, file_name, url_file, file_copy) and the body."""
        allowed = {"file_sha256", "file_name", "url_file", "file_copy", "body"}
        if not values or set(values) - allowed:
            raise ValueError(f"update_media takes {sorted(allowed)}")
        url_file = values.get("url_file")
        if url_file and _carries_secret(url_file):
            # Not kept at all: with no urlFile, a later flush uploads the kept copy again.
            return
        assignments = ", ".join(f"{key} = ?" for key in values)
        with self._write() as db:
            db.execute(
                f"UPDATE entries SET {assignments}, updated = ? WHERE id = ?",
                (*values.values(), iso(utcnow()), entry_id),
            )

    def finish(
        self,
        entry_id: int,
        state: str,
        *,
        id_message: str | None = None,
        http_status: int | None = None,
        error: str | None = None,
        attempted: bool = True,
    ) -> None:
        """Record an outcome; `attempted` counts one more request made for the entry."""
        queued_at = time.time() if state == "queued" else None
        with self._write() as db:
            db.execute(
                "UPDATE entries SET state = ?, updated = ?, id_message = COALESCE(?, id_message), "
                "http_status = COALESCE(?, http_status), last_error = ?, "
                "attempts = attempts + ?, queued_at = COALESCE(?, queued_at) WHERE id = ?",
                (
                    state,
                    iso(utcnow()),
                    id_message,
                    http_status,
                    error,
                    int(attempted),
                    queued_at,
                    entry_id,
                ),
            )

    def settle_stale(self, now: datetime | None = None) -> list[Entry]:
        """Entries left `sending` by a process that died become `unknown` once older than
        their timeout plus a grace time; they may have been queued, so they are never re-sent."""
        moment = now or utcnow()
        settled: list[Entry] = []
        with self._write() as db:
            rows = db.execute(f"SELECT {SELECTED} FROM entries WHERE state = 'sending'").fetchall()
            for row in rows:
                entry = read_row(row)
                if _stale_after(entry) > moment:
                    continue
                db.execute(
                    "UPDATE entries SET state = 'unknown', updated = ?, last_error = ? "
                    "WHERE id = ? AND state = 'sending'",
                    (
                        iso(moment),
                        "the process sending it stopped before an answer came; "
                        "it may or may not have been queued",
                        entry.id,
                    ),
                )
                entry.state = "unknown"
                settled.append(entry)
        return settled

    def wait_settled(self, entry_id: int) -> Entry | None:
        """Poll a `sending` entry until it settles, or until it is stale (then `unknown`)."""
        while True:
            entry = self._first("id = ?", (entry_id,))
            if entry is None or entry.state != "sending":
                return entry
            if utcnow() > _stale_after(entry):
                self.settle_stale()
                continue
            time.sleep(POLL)

    def drop(self, ids: Sequence[int]) -> list[Entry]:
        """`scheduled` or `pending` entries become `dropped`; any other id changes nothing."""
        with self._write() as db:
            marks = ",".join("?" * len(ids))
            rows = db.execute(
                f"SELECT {SELECTED} FROM entries WHERE id IN ({marks})", tuple(ids)
            ).fetchall()
            found = {e.id: e for e in map(read_row, rows)}
            bad: list[str] = []
            for entry_id in ids:
                entry = found.get(entry_id)
                if entry is None:
                    bad.append(_("{id} (no such entry)", id=entry_id))
                elif entry.state not in DUE:
                    bad.append(f"{entry_id} ({entry.state})")
            if bad:
                raise UsageError(
                    _(
                        "only scheduled or pending entries can be dropped; not: {entries}",
                        entries=", ".join(bad),
                    )
                )
            db.execute(
                f"UPDATE entries SET state = 'dropped', updated = ? WHERE id IN ({marks})",
                (iso(utcnow()), *ids),
            )
        return [found[i] for i in ids]

    def mark_deleted(self, id_instance: str, id_message: str) -> bool:
        """The status was deleted from WhatsApp; False when the journal has no such entry."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE entries SET state = 'deleted', updated = ? "
                "WHERE id_instance = ? AND id_message = ?",
                (iso(utcnow()), id_instance, id_message),
            )
            return bool(cursor.rowcount)
