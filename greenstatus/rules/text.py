"""Status text rules: where the text comes from, how it is cleaned, and how it is counted."""

from __future__ import annotations

import os
import stat
import unicodedata
from typing import BinaryIO

from ..errors import UsageError
from ..i18n import _

MAX_UNITS = 500
MAX_INPUT_BYTES = 1024 * 1024
ELLIPSIS = "\u2026"
_BOM = "\ufeff"
_ZWJ = "\u200d"


def utf16_units(text: str) -> int:
    """Count text as JavaScript's string.length does, which is what GREEN-API validates."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def stdin_is_data(stream: BinaryIO | None) -> bool:
    """Tell whether stdin holds data to read: a pipe or a regular file.

    A terminal or a character device such as cron's /dev/null is never read, so a run
    with nothing to post fails at once instead of waiting.
    """
    if stream is None:
        return False
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        # An in-memory stream (a test harness, an embedding program) is data by definition.
        return True
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)


def _read_capped(stream: BinaryIO, what: str) -> bytes:
    return _check_cap(stream.read(MAX_INPUT_BYTES + 1), what)


def _check_cap(data: bytes, what: str) -> bytes:
    if len(data) > MAX_INPUT_BYTES:
        raise UsageError(
            _(
                "{what} is larger than 1 MiB; a status is at most {most} characters",
                what=what,
                most=MAX_UNITS,
            )
        )
    return data


FIFO_WAIT_SECONDS = 10.0


def wait_for_writer(fd: int, what: str, seconds: float | None = None) -> None:
    """Wait a bounded time for a FIFO opened without blocking to get data or lose its writer.

    A plain open() of a FIFO nobody writes to never returns; this gives the writer (a
    `mkfifo` recipe, a process substitution) time to start, then fails instead of hanging.
    """
    seconds = FIFO_WAIT_SECONDS if seconds is None else seconds
    if not _readable_within(fd, seconds):
        raise UsageError(
            _(
                "{what} is a FIFO with no writer (waited {seconds} s)",
                what=what,
                seconds=f"{seconds:g}",
            )
        )
    os.set_blocking(fd, True)


def _readable_within(fd: int, seconds: float) -> bool:
    """Whether fd has data, or its writer went away, within seconds."""
    import select

    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(int(seconds * 1000)))


def _pipe_fd(stream: BinaryIO) -> int | None:
    """stdin's descriptor when it can stay open and send nothing (a pipe, a socket)."""
    try:
        fd = stream.fileno()
        mode = os.fstat(fd).st_mode
    except (OSError, ValueError):
        return None
    return fd if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) else None


def stdin_sends(stream: BinaryIO) -> bool:
    """Whether stdin sends something, or ends, within FIFO_WAIT_SECONDS; a terminal or a
    file is not waited for."""
    fd = _pipe_fd(stream)
    return fd is None or _readable_within(fd, FIFO_WAIT_SECONDS)


def read_stdin(stream: BinaryIO) -> bytes | None:
    """stdin's bytes, up to 1 MiB, or None when a pipe sent nothing for FIFO_WAIT_SECONDS.

    An open pipe that never sends (`tail -f /dev/null |`, a parent that forgot to close it)
    would otherwise hold the run for ever; the wait is the same as for a FIFO's writer.
    """
    fd = _pipe_fd(stream)
    if fd is None:
        return _read_capped(stream, _("stdin"))
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_INPUT_BYTES:
        if not _readable_within(fd, FIFO_WAIT_SECONDS):
            if not chunks:
                return None
            raise UsageError(
                _(
                    "stdin stopped sending for {seconds} s before it ended",
                    seconds=f"{FIFO_WAIT_SECONDS:g}",
                )
            )
        chunk = os.read(fd, MAX_INPUT_BYTES + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return _check_cap(b"".join(chunks), _("stdin"))


def _open_file(file: str) -> BinaryIO:
    """Open for reading, never blocking for ever on a FIFO that has no writer."""
    fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", file)
        if stat.S_ISFIFO(mode):
            wait_for_writer(fd, file)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def text_from_stdin(argument: str | None, file: str | None) -> bool:
    """Whether read_source would take the text from stdin."""
    if argument is not None:
        return argument == "-"
    return file is None or file == "-"


def read_source(
    argument: str | None, file: str | None, stdin: BinaryIO | None, stdin_is_terminal: bool
) -> bytes:
    """Return the raw bytes of the status from the argument, --file or stdin, in that order."""
    if not text_from_stdin(argument, file):
        if argument is not None:
            # argv arrives decoded with surrogateescape; fsencode gives back the typed bytes.
            return os.fsencode(argument)
        assert file is not None
        try:
            with _open_file(file) as fh:
                data = _read_capped(fh, _("file {path}", path=file))
            if not data and stat.S_ISFIFO(os.stat(file).st_mode):
                raise UsageError(
                    _("{path} is a FIFO that nobody wrote to; nothing to post", path=file)
                )
            return data
        except IsADirectoryError:
            raise UsageError(_("cannot read {path}: it is a directory", path=file)) from None
        except OSError as exc:
            raise UsageError(
                _("cannot read {path}: {reason}", path=file, reason=exc.strerror or exc)
            ) from None
    if argument == "-" or file == "-":
        if stdin is None or stdin_is_terminal:
            raise UsageError(
                _("'-' reads the text from stdin, but stdin is a terminal; pipe text in")
            )
    elif stdin_is_terminal or not stdin_is_data(stdin):
        raise UsageError(_("no status text: {how}", how=_give_text()))
    assert stdin is not None
    piped = read_stdin(stdin)
    if piped is None:
        seconds = f"{FIFO_WAIT_SECONDS:g}"
        if "-" in (argument, file):
            raise UsageError(_("stdin is a pipe that sent nothing in {seconds} s", seconds=seconds))
        raise UsageError(
            _(
                "stdin is a pipe that sent nothing in {seconds} s; {how}",
                seconds=seconds,
                how=_give_text(),
            )
        )
    return piped


def _give_text() -> str:
    return _(
        "give TEXT, --file PATH, or pipe text in (example: greenstatus post {example})",
        example="'Open until 8 pm'",
    )


def decode(raw: bytes) -> str:
    """Decode strictly as UTF-8, naming the offset of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start]
        raise UsageError(
            _(
                "text is not valid UTF-8: byte 0x{byte} at offset {offset}",
                byte=f"{bad:02X}",
                offset=exc.start,
            )
        ) from None


def normalise(text: str, what: str = "") -> str:
    """Drop one BOM, turn CRLF and CR into LF, strip trailing white space; refuse empty text."""
    if text.startswith(_BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    if not text.strip():
        raise UsageError(_("{what} is empty", what=what or _("status text")))
    return text


def _joins_previous(ch: str) -> bool:
    """Whether ch belongs to the grapheme before it, so a cut must not fall just before it."""
    cp = ord(ch)
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or ch == _ZWJ
        or 0xFE00 <= cp <= 0xFE0F  # variation selectors
        or 0x1F3FB <= cp <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # tag characters of subdivision flags
    )


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def truncate(text: str, limit: int = MAX_UNITS) -> str:
    """Cut text to at most limit UTF-16 units, ending with an ellipsis.

    The cut never splits a code point and backs off to a grapheme boundary where it can:
    combining marks, emoji modifiers and ZWJ sequences stay whole, and flags stay paired.
    """
    if utf16_units(text) <= limit:
        return text
    budget = limit - utf16_units(ELLIPSIS)
    end = 0
    used = 0
    for ch in text:
        cost = 2 if ord(ch) > 0xFFFF else 1
        if used + cost > budget:
            break
        used += cost
        end += 1
    while 0 < end < len(text) and (_joins_previous(text[end]) or text[end - 1] == _ZWJ):
        end -= 1
    run = 0
    while run < end and _is_regional_indicator(text[end - 1 - run]):
        run += 1
    if run % 2 == 1 and end < len(text) and _is_regional_indicator(text[end]):
        end -= 1
    return text[:end].rstrip() + ELLIPSIS


def check_length(text: str, allow_truncate: bool, limit: int = MAX_UNITS, what: str = "") -> str:
    """Return text within the limit, truncated if allowed, else raise with the count."""
    units = utf16_units(text)
    if units <= limit:
        return text
    if allow_truncate:
        return truncate(text, limit)
    raise UsageError(
        _(
            "{what} is {units} characters; GREEN-API allows at most {limit} "
            "(counted in UTF-16 units, as JavaScript does, so an emoji counts 2); "
            "shorten it or pass --truncate",
            what=what or _("status text"),
            units=units,
            limit=limit,
        )
    )
