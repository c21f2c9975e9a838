"""Writing the config file: atomic, 0600, under a lock, keeping the user's comments (tomlkit)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..i18n import _
from .paths import private
from .read import cannot_read, decode_config, not_toml, read_bytes, too_deep

if TYPE_CHECKING:
    import tomlkit.toml_document

STALE_TEMP_SECONDS = 10.0


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Serialise read-modify-write cycles so two concurrent writers cannot lose a change.

    The lock is held on the folder itself: the file is replaced by rename on every write, so a
    lock on it would guard an inode that is about to disappear, and a lock file would be litter.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _remove_stale_temps(path: Path) -> None:
    """Remove temporary copies left by writers that were killed: they may hold the token.

    Runs under the folder lock, so no live writer of ours is mid-write on a file older than
    a few seconds; a writer whose process is gone leaves a file nobody will finish.
    """
    import time

    now = time.time()
    try:
        candidates = list(path.parent.glob(f".{path.name}.*.tmp"))
    except OSError:
        return
    for tmp in candidates:
        try:
            pid_text = tmp.name.removeprefix(f".{path.name}.").split(".")[0]
            old = now - tmp.lstat().st_mtime > STALE_TEMP_SECONDS
            if old or not _pid_alive(int(pid_text)):
                tmp.unlink()
        except (OSError, ValueError):
            continue


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a leftover of an earlier process that had our pid: we write afresh
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def write_target(path: Path) -> Path:
    """The file a write must replace: through a symlinked config to its target, keeping the link."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:
        return path


def atomic_write(path: Path, text: str) -> None:
    """Write text to path so a reader sees the old file or the new one, never a part.

    The temporary file is created 0600 in the same folder, so the token is never readable
    by others even for an instant, and the rename stays on one file system. Its name is
    random as well as carrying the pid, so a leftover of a killed writer whose pid came round
    again cannot block this one.
    """
    import secrets

    path = write_target(path)
    _remove_stale_temps(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def update(path: Path, change: Callable[[tomlkit.toml_document.TOMLDocument], None]) -> None:
    """Apply change to the file's document under the lock, keeping comments, then write it."""
    import tomlkit

    target = write_target(path)
    try:
        private(target.parent, folder=True)
        with _locked(target.parent):
            try:
                text = decode_config(read_bytes(target), path)
            except FileNotFoundError:
                text = ""
            except OSError as exc:
                raise ConfigError(cannot_read(path, exc.strerror or exc)) from None
            try:
                doc = tomlkit.parse(text)
            except tomlkit.exceptions.ParseError as exc:
                raise ConfigError(not_toml(path, exc)) from None
            except RecursionError:
                raise too_deep(path) from None
            change(doc)
            atomic_write(target, tomlkit.dumps(doc))
    except OSError as exc:
        # An unwritable or full folder, a read-only file system: the config cannot be kept.
        raise ConfigError(
            _(
                "cannot write config file {path}: {reason}",
                path=path,
                reason=exc.strerror or exc or type(exc).__name__,
            )
        ) from None
