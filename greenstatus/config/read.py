"""Reading what the user keeps or gives: the TOML file, checked, and one line of stdin."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import ConfigError, UsageError
from ..i18n import _


def read_bytes(path: Path) -> bytes:
    """The file's bytes, never blocking on a FIFO that has no writer, nor reading a device."""
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, _("it is a folder"))
        # /dev/null is a fine empty config; a terminal would wait for typing.
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)) or os.isatty(fd):
            raise OSError(0, _("it is not a regular file"))
        if stat.S_ISFIFO(mode):
            from ..rules.text import wait_for_writer

            try:
                wait_for_writer(fd, _("config file {path}", path=path))
            except UsageError as exc:
                raise ConfigError(exc.message) from None
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
            if sum(map(len, chunks)) > 1 << 20:
                raise OSError(0, _("it is larger than 1 MiB"))
        return b"".join(chunks)
    finally:
        os.close(fd)


def decode_config(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            _(
                "config file {path} is not valid UTF-8: byte 0x{byte} on line {line}",
                path=path,
                byte=f"{raw[exc.start]:02X}",
                line=line,
            )
        ) from None


def not_toml(path: Path, exc: Exception) -> str:
    return _("config file {path} is not valid TOML: {reason}", path=path, reason=exc)


def cannot_read(path: Path, reason: object) -> str:
    return _("cannot read config file {path}: {reason}", path=path, reason=reason)


def too_deep(path: Path) -> ConfigError:
    """Both TOML parsers recurse once per level of nesting, so a file of arrays or tables
    nested thousands deep exhausts Python's stack before it is found invalid."""
    return ConfigError(
        _(
            "config file {path} cannot be read: its arrays or tables are nested too deep",
            path=path,
        )
    )


def _reason(exc: Exception) -> Any:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else exc


def read_file(path: Path) -> dict[str, Any] | None:
    """Parse the file with tomllib; None when it does not exist."""
    try:
        text = decode_config(read_bytes(path), path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ConfigError(cannot_read(path, _reason(exc))) from None
    # Loaded only when there is a file: a run configured by the environment alone skips it.
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(not_toml(path, exc)) from None
    except RecursionError:
        raise too_deep(path) from None
    except ValueError as exc:
        raise ConfigError(cannot_read(path, _reason(exc))) from None
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(p, dict) for p in profiles.values()):
        raise ConfigError(_("config file {path}: [profiles.NAME] must be tables", path=path))
    return data


def permission_warning(path: Path) -> str | None:
    """A warning when group or others may read the file that holds the token."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) and mode & 0o077:
        return _(
            "config file {path} is readable by others (mode {mode}); fix: chmod 600 {path}",
            path=path,
            mode=f"{mode & 0o777:o}",
        )
    return None


def profile_names(data: dict[str, Any] | None) -> list[str]:
    return list((data or {}).get("profiles", {}))


def read_stdin_line(stream: Any) -> str:
    """One line from stdin (a token, a value), decoded strictly as UTF-8 whatever the locale.

    A bad byte is a usage error that names its offset and never shows the line: it is
    probably the token.
    """
    from ..rules.text import FIFO_WAIT_SECONDS, stdin_sends

    raw_stream = getattr(stream, "buffer", None)
    if raw_stream is None:
        return str(stream.readline())
    if not stdin_sends(raw_stream):
        raise UsageError(
            _(
                "stdin is a pipe that sent nothing in {seconds} s",
                seconds=f"{FIFO_WAIT_SECONDS:g}",
            )
        )
    raw: bytes = raw_stream.readline(64 * 1024)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            _("stdin is not valid UTF-8 (a bad byte at offset {offset})", offset=exc.start)
        ) from None
