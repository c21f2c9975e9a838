"""Kept media copies: a file copied beside the journal for a later flush, and removed after."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from ..config import private
from ..errors import StorageError
from ..i18n import _
from .db import Database
from .settings import FILES, state_dir


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
                raise StorageError(
                    _("{path} changed while it was copied for the outbox", path=path)
                )
            final = folder / f"{digest.hexdigest()}{suffix}"
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StorageError(
            _(
                "cannot keep a copy of {path} in {folder}: {reason}",
                path=path,
                folder=folder,
                reason=exc.strerror or exc,
            )
        ) from None
    return str(final)


def remove_copies(folder: Path, copies: Iterable[str]) -> None:
    """Remove the copies of pruned entries; one already gone is no error."""
    for copy in copies:
        try:
            (folder / copy).unlink()
        except OSError:
            pass


class Copies(Database):
    """A kept copy leaves once no waiting entry refers to it."""

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
