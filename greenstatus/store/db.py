"""The journal file's connection, the only importer of sqlite3: modes, WAL, transactions.

sqlite3 is imported lazily: commands that never touch the journal must not pay for it.

Many processes use the file at once (cron jobs, a flush and a post): every change is one short
`BEGIN IMMEDIATE` transaction, so a look-up and the write that depends on it cannot interleave
with another process's.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Self

from ..config import private
from ..errors import StorageError
from ..i18n import _
from .entries import SELECTED, Entry, read_row
from .settings import FILES

if TYPE_CHECKING:
    from sqlite3 import Connection as Connection

BUSY_TIMEOUT = 60.0


class Database:
    """An open journal file and the plumbing every part of the journal shares: each public
    method of a subclass is one transaction or one read."""

    def __init__(self, connection: Connection, path: Path, module: ModuleType) -> None:
        self.path = path
        self._db = connection
        self._sqlite = module

    def close(self) -> None:
        try:
            self._db.close()
        except Exception:
            pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextmanager
    def _storage(self) -> Iterator[None]:
        try:
            yield
        except (self._sqlite.Error, OSError) as exc:
            raise _failed(self.path, exc) from None

    @contextmanager
    def _write(self) -> Iterator[Connection]:
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
        sql = f"SELECT {SELECTED} FROM entries WHERE {where} {tail}"
        with self._storage():
            return [read_row(r) for r in self._db.execute(sql, tuple(params)).fetchall()]

    def _first(self, where: str, params: Sequence[Any], tail: str = "") -> Entry | None:
        found = self._select(where, params, tail)
        return found[0] if found else None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    return str(exc) or type(exc).__name__


def _failed(path: Path, exc: BaseException) -> StorageError:
    return StorageError(_("journal {path}: {reason}", path=path, reason=_reason(exc)))


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def connect(
    path: Path, upgrade: Callable[[Connection, Path], None]
) -> tuple[Connection, ModuleType]:
    """Open (creating if needed) the file at path, bring its schema up with upgrade, and return
    the connection and the sqlite3 module; StorageError when it cannot be used.

    The folder is kept 0700, and the file, its -wal and -shm files and the kept copies'
    folder closed to others (config.private); SQLite gives new -wal and -shm files the
    file's mode, and the umask is 077 while this process has the journal open.
    """
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
        raise _failed(path, exc) from None
    try:
        db.text_factory = _decode
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        upgrade(db, path)
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        # WAL's FULL sync makes each commit durable: a power cut after "queued" keeps it.
        db.execute("PRAGMA synchronous = FULL")
    except (sqlite3.Error, OSError) as exc:
        db.close()
        raise _failed(path, exc) from None
    except StorageError:
        db.close()
        raise
    return db, sqlite3
