"""What a media post reads (the file, caption, recipients), each checked before any request."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

from ..errors import UsageError
from ..i18n import _
from ..rules.media import HEAD_BYTES
from .media import base_name, check_media_options, prepare_media

if TYPE_CHECKING:
    from ..config import Settings
    from .media import PreparedMedia
    from .text import Options


def choose(media: str | None, voice: str | None) -> tuple[str, str]:
    """(option, value) of the one media option given."""
    if media is not None and voice is not None:
        raise UsageError(_("--media and --voice make two kinds of status; give one of them"))
    return ("--media", media) if media is not None else ("--voice", voice or "")


def file_size(path: str) -> tuple[int, bytes]:
    """The size and first bytes of a local file that can be read, or UsageError saying what
    is wrong with it."""
    try:
        # Opening proves it is readable; the size comes from the open file, not the name.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise UsageError(_("{path}: no such file", path=path)) from None
    except IsADirectoryError:
        raise UsageError(_("{path} is a folder; give a file", path=path)) from None
    except OSError as exc:
        raise UsageError(_cannot_read(path, exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(_("{path} is a folder; give a file", path=path))
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(
                _(
                    "{path} is not a regular file (a pipe or a device cannot be uploaded)",
                    path=path,
                )
            )
        head = os.read(fd, HEAD_BYTES)
    except OSError as exc:
        raise UsageError(_cannot_read(path, exc)) from None
    finally:
        os.close(fd)
    return info.st_size, head


def _cannot_read(path: str, exc: OSError) -> str:
    return _("cannot read {path}: {reason}", path=path, reason=exc.strerror or exc)


def duration_warning(path: str, kind: str, log: Callable[[str], None] | None) -> str | None:
    """Check a local video's or voice note's length before the upload; a length that cannot
    be read skips the check (said to log, -v), since GREEN-API would take the file anyway."""
    from ..rules import media as rules

    seconds = None
    try:
        from tinytag import TinyTag

        seconds = TinyTag.get(path, tags=False, duration=True).duration
    except Exception as exc:  # noqa: BLE001 - a parser fed any bytes may raise anything
        reason = type(exc).__name__
    else:
        reason = _("no length in the file")
    if seconds is None:
        if log is not None:
            log(
                _(
                    "cannot read the length of {path} ({reason}); not checked",
                    path=path,
                    reason=reason,
                )
            )
        return None
    return rules.check_duration(seconds, kind, path)


def read_caption(
    text: str | None,
    file: str | None,
    stdin: BinaryIO | None,
    stdin_is_terminal: bool,
    stdin_free: bool = True,
) -> bytes | None:
    """The caption's raw bytes from TEXT, --file or a pipe, as a text post reads its text.

    No caption at all is fine; so is a pipe with nothing but white space in it (a script that
    runs with an empty stdin has said nothing), or one that sends nothing for 10 s. stdin_free
    is False when --to-file - has it.
    """
    from ..rules.text import read_source, read_stdin, stdin_is_data

    if text is not None or file is not None:
        return read_source(text, file, stdin, stdin_is_terminal)
    if not stdin_free or stdin_is_terminal or not stdin_is_data(stdin):
        return None
    assert stdin is not None
    raw = read_stdin(stdin)
    return raw if raw and raw.strip() else None


def prepare(
    media: str | None,
    voice: str | None,
    text: str | None,
    file: str | None,
    to_file: str | None,
    options: Options,
    settings: Settings,
    *,
    stdin_is_terminal: bool,
    log: Callable[[str], None] | None = None,
) -> PreparedMedia:
    """Every check a media or voice post makes, in order, before any request: the options,
    the file's name and type, the file itself (size, content, length), then what stdin and
    the files say. log hears what -v says."""
    from ..rules import media as rules
    from ..rules.text import decode, read_source

    option, target = choose(media, voice)
    check_media_options(option, options, has_text=text is not None or file is not None)
    url = rules.is_url(target)
    if not url and rules.looks_like_url(target):
        raise UsageError(
            _(
                "{option} takes a local file or an http(s) URL, not {target}",
                option=option,
                target=repr(target),
            )
        )
    if url:
        file_type = rules.file_type(rules.file_name_from_url(rules.check_url(target)), option)
    else:
        file_type = rules.file_type(base_name(target) or target, option)
    size = None
    warning = None
    if not url:
        size, head = file_size(target)
        rules.check_size(size, target)
        rules.check_content(head, file_type.extension, target)
        if file_type.kind != "image":
            warning = duration_warning(target, file_type.kind, log)
    stdin = getattr(sys.stdin, "buffer", None)
    if to_file == "-" and "-" in (text, file):
        raise UsageError(_("stdin can carry the caption or the recipients (--to-file -), not both"))
    if to_file is not None:
        options.to_file_text = decode(read_source(None, to_file, stdin, False))
    # A voice status has no caption, so stdin is never read for one: an open pipe that sends
    # nothing must not hold it.
    raw = (
        None
        if option == "--voice"
        else read_caption(text, file, stdin, stdin_is_terminal, stdin_free=to_file != "-")
    )
    prepared = prepare_media(option, target, raw, options, settings, size)
    if warning:
        prepared.warnings.append(warning)
    return prepared
