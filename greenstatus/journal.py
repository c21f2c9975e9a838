"""The local journal: one SQLite file of every status sent or waiting, for every kind.

This is the only module that imports sqlite3 (lazily: commands that never touch the journal
must not pay for it). It owns the file, its folder, its schema and every transaction; the
callers decide what to store (the body, its fingerprint, the state) and when.

Many processes use the file at once (cron jobs, a flush and a post): every change is one short
`BEGIN IMMEDIATE` transaction, so a look-up and the write that depends on it cannot interleave
with another process's.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .config import JOURNAL_DEFAULTS as DEFAULTS
from .config import private
from .errors import StorageError, UsageError
from .rules.states import DUE, GUARDED, METHODS, WAITING

if TYPE_CHECKING:
    import sqlite3

    from .config import Settings

STATE_ENV = "GREENSTATUS_STATE_DIR"
JOURNAL_ENV = "GREENSTATUS_JOURNAL"
FILE_NAME = "journal.sqlite3"
# Kept media copies, beside the journal.
FILES = "files"
SCHEMA_VERSION = 2
BUSY_TIMEOUT = 60.0
STALE_GRACE = 60.0
POLL = 0.1

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        profile TEXT NOT NULL,
        id_instance TEXT NOT NULL,
        kind TEXT NOT NULL,
        method TEXT NOT NULL,
        body TEXT NOT NULL,
        not_before TEXT NOT NULL,
        state TEXT NOT NULL,
        id_message TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        http_status INTEGER,
        last_error TEXT,
        timeout REAL NOT NULL DEFAULT 30,
        fingerprint TEXT NOT NULL,
        file_sha256 TEXT,
        file_name TEXT,
        url_file TEXT,
        file_copy TEXT
    )""",
    # The guard's look-up, history's newest-first pages, the outbox and flush's due scan,
    # `last` and `delete`, and pruning: each reads a range of one index, never the table.
    "CREATE INDEX IF NOT EXISTS entries_guard ON entries (id_instance, fingerprint, created)",
    "CREATE INDEX IF NOT EXISTS entries_history ON entries (id_instance, id)",
    "CREATE INDEX IF NOT EXISTS entries_history_state ON entries (id_instance, state, id)",
    "CREATE INDEX IF NOT EXISTS entries_due ON entries (state, not_before, id)",
    "CREATE INDEX IF NOT EXISTS entries_message ON entries (id_instance, id_message)",
    "CREATE INDEX IF NOT EXISTS entries_created ON entries (created)",
    # Start times of recent sends per instance, shared by every process that sends, so
    # that two flushes together still keep to GREEN-API's per-instance rate.
    "CREATE TABLE IF NOT EXISTS sends (id_instance TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sends_recent ON sends (id_instance, at)",
)
SEND_RATE = 5
# A little over a second: the server's window and ours start at slightly different moments.
SEND_SPAN = 1.06


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """The journal's one time format: UTC to the second; sorts as text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _stale_after(entry: Entry) -> datetime:
    """When a `sending` entry counts as abandoned; at once if its time cannot be read."""
    try:
        return parse_iso(entry.updated) + timedelta(seconds=entry.timeout + STALE_GRACE)
    except (ValueError, TypeError):
        return datetime.min.replace(tzinfo=UTC)


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


def setting(settings: Settings, key: str) -> Any:
    value = settings.get(key)
    return DEFAULTS[key] if value is None else value


def enabled(settings: Settings) -> bool:
    """False when `journal = false` in the profile or GREENSTATUS_JOURNAL=off."""
    env = os.environ.get(JOURNAL_ENV, "").strip().lower()
    if env in ("off", "0", "false", "no"):
        return False
    return bool(setting(settings, "journal"))


def state_dir() -> Path:
    """$GREENSTATUS_STATE_DIR, else the platform's state folder."""
    chosen = os.environ.get(STATE_ENV)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return platformdirs.user_state_path("greenstatus")


def keep_file(path: str, sha256: str | None) -> str:
    """Copy a media file into the state folder for a later flush; return the copy's path.

    The copy is named by its SHA-256, made 0600 through a temporary file and a rename, so a
    crash leaves the old copy or none, never a part; an identical copy is reused.
    """
    import tempfile

    folder = state_dir() / FILES
    try:
        private(folder, folder=True)
        suffix = Path(path).suffix.lower()
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".copy-", suffix=suffix)
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as source, os.fdopen(fd, "wb") as target:
                while chunk := source.read(1024 * 1024):
                    digest.update(chunk)
                    target.write(chunk)
                target.flush()
                os.fsync(target.fileno())
            if sha256 is not None and digest.hexdigest() != sha256:
                raise StorageError(f"{path} changed while it was copied for the outbox")
            final = folder / f"{digest.hexdigest()}{suffix}"
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StorageError(
            f"cannot keep a copy of {path} in {folder}: {exc.strerror or exc}"
        ) from None
    return str(final)


def journal_path() -> Path:
    return state_dir() / FILE_NAME


_COLUMNS = (
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
)


class Entry:
    """One row of the journal; `body` is the JSON text exactly as stored.

    A plain class rather than a dataclass: building a dataclass costs start-up time on every
    post, and this one is only ever made from a row.
    """

    __slots__ = _COLUMNS
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

    def __init__(self, *values: Any) -> None:
        for name, value in zip(_COLUMNS, values, strict=True):
            setattr(self, name, value)

    def __repr__(self) -> str:
        return f"Entry(id={self.id}, state={self.state!r}, kind={self.kind!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Entry):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _COLUMNS)

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
            raise Unsendable(f"its stored body cannot be read ({exc})") from None
        if not isinstance(data, dict):
            raise Unsendable(f"its stored body is not a JSON object but {type(data).__name__}")
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
            "not_before": self.not_before,
            "id_message": self.id_message,
            "body": self.body_dict,
            "attempts": self.attempts,
            "http_status": self.http_status,
            "last_error": self.last_error,
        }


class Draft:
    """A new entry as a caller describes it; the journal adds id, times and attempts."""

    def __init__(
        self,
        profile: str,
        id_instance: str,
        kind: str,
        body: dict[str, Any],
        fingerprint: str,
        state: str = "sending",
        not_before: datetime | None = None,
        timeout: float = 30.0,
        file_sha256: str | None = None,
        file_name: str | None = None,
        url_file: str | None = None,
        file_copy: str | None = None,
    ) -> None:
        self.profile = profile
        self.id_instance = id_instance
        self.kind = kind
        self.body = body
        self.fingerprint = fingerprint
        self.state = state
        self.not_before = not_before
        self.timeout = timeout
        self.file_sha256 = file_sha256
        self.file_name = file_name
        self.url_file = url_file
        self.file_copy = file_copy

    @property
    def method(self) -> str:
        return METHODS[self.kind]


class Added(NamedTuple):
    """What `Journal.add` did: the new entry, or the earlier entry it duplicates."""

    entry: Entry | None
    duplicate: Entry | None


class Unsendable(StorageError):
    """An outbox entry that can never be sent (its kept copy is gone, its row cannot be read):
    it becomes `failed` and the flush goes on with the others."""


def _entry(row: Any) -> Entry:
    # A row edited by hand may hold a BLOB or text where a number belongs; each entry is shown
    # or failed on its own, so one bad row never stops a listing or a flush.
    entry = Entry(*(v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in row))
    if not isinstance(entry.timeout, int | float):
        entry.timeout = 30.0
    return entry


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "replace")


class Journal:
    """An open journal file; every method is one transaction or one read."""

    def __init__(self, connection: sqlite3.Connection, path: Path, module: Any) -> None:
        self.path = path
        self._db = connection
        self._sqlite = module

    def close(self) -> None:
        try:
            self._db.close()
        except Exception:
            pass

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _storage(self) -> Iterator[None]:
        try:
            yield
        except (self._sqlite.Error, OSError) as exc:
            raise StorageError(f"journal {self.path}: {_reason(exc)}") from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction that takes the write lock before its first read."""
        with self._storage():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _select(self, where: str, params: Sequence[Any], tail: str = "") -> list[Entry]:
        sql = f"SELECT {', '.join(_COLUMNS)} FROM entries WHERE {where} {tail}"
        with self._storage():
            return [_entry(r) for r in self._db.execute(sql, tuple(params)).fetchall()]

    # --- adding -----------------------------------------------------------------------------

    def add(self, draft: Draft, *, window_minutes: int = 0, keep_days: int | None = None) -> Added:
        """Insert draft unless an entry with its fingerprint, in a guarded state, was created
        within window_minutes on the same instance: the look-up and the insert are one
        transaction, so of many identical posts started together exactly one is added."""
        now = utcnow()
        with self._write() as db:
            if window_minutes > 0:
                since = iso(now - timedelta(minutes=window_minutes))
                marks = ",".join("?" * len(GUARDED))
                row = db.execute(
                    f"SELECT {', '.join(_COLUMNS)} FROM entries WHERE id_instance = ? "
                    f"AND fingerprint = ? AND created >= ? AND state IN ({marks}) "
                    "ORDER BY id DESC LIMIT 1",
                    (draft.id_instance, draft.fingerprint, since, *GUARDED),
                ).fetchone()
                if row is not None:
                    return Added(None, _entry(row))
            stamp = iso(now)
            cursor = db.execute(
                "INSERT INTO entries (created, updated, profile, id_instance, kind, method, body, "
                "not_before, state, attempts, timeout, fingerprint, file_sha256, file_name, "
                "url_file, file_copy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
                (
                    stamp,
                    stamp,
                    draft.profile,
                    draft.id_instance,
                    draft.kind,
                    draft.method,
                    body_text(draft.body),
                    iso(draft.not_before or now),
                    draft.state,
                    draft.timeout,
                    draft.fingerprint,
                    draft.file_sha256,
                    draft.file_name,
                    draft.url_file,
                    draft.file_copy,
                ),
            )
            if keep_days:
                self._prune(db, now - timedelta(days=keep_days))
            row = db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM entries WHERE id = ?", (cursor.lastrowid,)
            ).fetchone()
            return Added(_entry(row), None)

    # --- reading ----------------------------------------------------------------------------

    def get(self, entry_id: int) -> Entry | None:
        found = self._select("id = ?", (entry_id,))
        return found[0] if found else None

    def history(self, id_instance: str, limit: int = 20, state: str | None = None) -> list[Entry]:
        """Newest first."""
        if state is None:
            return self._select("id_instance = ?", (id_instance, limit), "ORDER BY id DESC LIMIT ?")
        return self._select(
            "id_instance = ? AND state = ?", (id_instance, state, limit), "ORDER BY id DESC LIMIT ?"
        )

    def outbox(self, profile: str | None = None, limit: int = -1) -> list[Entry]:
        """The scheduled, pending and sending entries, soonest first."""
        marks = ",".join("?" * len(WAITING))
        where = f"state IN ({marks})" + (" AND profile = ?" if profile else "")
        params: list[Any] = [*WAITING, *([profile] if profile else []), limit]
        return self._select(where, params, "ORDER BY not_before, id LIMIT ?")

    def next_due(self, profile: str | None = None) -> Entry | None:
        """The scheduled or pending entry due soonest, to say when a flush has work."""
        where = "state IN ('scheduled', 'pending')" + (" AND profile = ?" if profile else "")
        found = self._select(where, [profile] if profile else [], "ORDER BY not_before, id LIMIT 1")
        return found[0] if found else None

    def last_queued(self, id_instance: str) -> Entry | None:
        """The `queued` entry GREEN-API queued most recently: what `stats last` and `delete last`
        mean. Not the highest id: a flush may send an old scheduled entry after newer posts."""
        found = self._select(
            "id_instance = ? AND state = 'queued'",
            (id_instance,),
            "ORDER BY queued_at DESC, id DESC LIMIT 1",
        )
        return found[0] if found else None

    def by_message(self, id_instance: str, id_message: str) -> Entry | None:
        found = self._select(
            "id_instance = ? AND id_message = ?", (id_instance, id_message), "ORDER BY id DESC"
        )
        return found[0] if found else None

    # --- changing ---------------------------------------------------------------------------

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

    def touch(self, entry_id: int, timeout: float | None = None) -> None:
        """A sending entry is still alive: a request for it is starting now."""
        with self._write() as db:
            db.execute(
                "UPDATE entries SET updated = ?, timeout = COALESCE(?, timeout) "
                "WHERE id = ? AND state = 'sending'",
                (iso(utcnow()), timeout, entry_id),
            )

    def release_file(self, copy: str) -> None:
        """Remove a media copy that no entry still waiting to be sent refers to."""
        try:
            waiting = self._db.execute(
                "SELECT COUNT(*) FROM entries WHERE file_copy = ? "
                "AND state IN ('scheduled', 'pending', 'sending')",
                (copy,),
            ).fetchone()[0]
            if not waiting:
                Path(copy).unlink(missing_ok=True)
        except Exception:
            # Only tidying: the status was sent, and a copy left behind harms nothing.
            return

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
                f"SELECT {', '.join(_COLUMNS)} FROM entries WHERE {where} "
                "ORDER BY not_before, id LIMIT 1",
                params,
            ).fetchone()
            if row is None:
                return None
            entry = _entry(row)
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

    def settle_stale(self, now: datetime | None = None) -> list[Entry]:
        """Entries left `sending` by a process that died become `unknown` once older than
        their timeout plus a grace time; they may have been queued, so they are never re-sent."""
        moment = now or utcnow()
        settled: list[Entry] = []
        with self._write() as db:
            rows = db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM entries WHERE state = 'sending'"
            ).fetchall()
            for row in rows:
                entry = _entry(row)
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
            entry = self.get(entry_id)
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
                f"SELECT {', '.join(_COLUMNS)} FROM entries WHERE id IN ({marks})", tuple(ids)
            ).fetchall()
            found = {e.id: e for e in map(_entry, rows)}
            bad = []
            for entry_id in ids:
                entry = found.get(entry_id)
                if entry is None:
                    bad.append(f"{entry_id} (no such entry)")
                elif entry.state not in DUE:
                    bad.append(f"{entry_id} ({entry.state})")
            if bad:
                raise UsageError(
                    "only scheduled or pending entries can be dropped; not: " + ", ".join(bad)
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

    def prune(self, keep_days: int) -> int:
        """Remove entries created more than keep_days ago (never one still waiting)."""
        with self._write() as db:
            return self._prune(db, utcnow() - timedelta(days=keep_days))

    def _prune(self, db: sqlite3.Connection, before: datetime) -> int:
        marks = ",".join("?" * len(WAITING))
        where = f"created < ? AND state NOT IN ({marks})"
        params = (iso(before), *WAITING)
        copies = db.execute(
            f"SELECT file_copy FROM entries WHERE {where} AND file_copy IS NOT NULL", params
        ).fetchall()
        removed = db.execute(f"DELETE FROM entries WHERE {where}", params).rowcount
        for (copy,) in copies:
            try:
                (self.path.parent / copy).unlink()
            except OSError:
                pass
        return int(removed)


def _carries_secret(value: str) -> bool:
    from .output import scrub

    return scrub(value) != value


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    return str(exc) or type(exc).__name__


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to SCHEMA_VERSION; each step is one transaction and bumps user_version."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StorageError(
                f"journal {path} was written by a newer greenstatus (schema {version}); "
                "upgrade greenstatus"
            )
        if version < 1:
            for statement in _SCHEMA:
                db.execute(statement)
        if version < 2:
            # `last` by the time GREEN-API queued an entry. Entries of schema 1 were last
            # updated when their answer was recorded, which is the best estimate they keep.
            db.execute("ALTER TABLE entries ADD COLUMN queued_at REAL")
            db.execute(
                "UPDATE entries SET queued_at = CAST(strftime('%s', updated) AS REAL) "
                "WHERE id_message IS NOT NULL"
            )
            db.execute(
                "CREATE INDEX IF NOT EXISTS entries_last ON entries (id_instance, state, queued_at)"
            )
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def open_journal(settings: Settings | None = None, *, folder: Path | None = None) -> Journal:
    """Open (creating if needed) the journal; StorageError when it cannot be used.

    The folder is kept 0700, and the file, its -wal and -shm files and the kept copies'
    folder closed to others (config.private); SQLite gives new -wal and -shm files the
    file's mode, and the umask is 077 while this process has the journal open.
    """
    del settings  # The file is one per user, shared by all profiles.
    path = (folder or state_dir()) / FILE_NAME
    import sqlite3

    os.umask(0o077)
    try:
        private(path.parent, folder=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        for companion in ("", "-wal", "-shm"):
            private(path.with_name(path.name + companion))
        private(path.parent / FILES)
        db = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
    except (sqlite3.Error, OSError) as exc:
        raise StorageError(f"journal {path}: {_reason(exc)}") from None
    try:
        db.text_factory = _decode
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            _migrate(db, path)
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        # WAL's FULL sync makes each commit durable: a power cut after "queued" keeps it.
        db.execute("PRAGMA synchronous = FULL")
    except (sqlite3.Error, OSError) as exc:
        db.close()
        raise StorageError(f"journal {path}: {_reason(exc)}") from None
    except StorageError:
        db.close()
        raise
    return Journal(db, path, sqlite3)
