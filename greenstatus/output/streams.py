"""The only writer to stdout and stderr: scrubbed, inert lines, the one JSON writer, --quiet.

Every line passes through scrub(), so a registered secret cannot be printed whole; a reader
that went away or a full disk behind a stream is handled here, once.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..i18n import _, localized
from ..rules.untrusted import BEYOND_C0, clean
from .secrets import one_line, scrub

_quiet = False
_captured: list[str] | None = None


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def quiet() -> bool:
    """Whether --quiet is on: renderers then leave out what is only for a person."""
    return _quiet


# A JSON string literal (kept as it is), or a number JSON has not. Patterns of the JSON path
# are left to re's own cache, compiled on first use: most runs print no JSON.
_NON_FINITE = r'("(?:[^"\\]|\\.)*")|-?Infinity|NaN'


def json_text(data: Any, indent: int | None = None) -> str:
    """The one JSON writer: as ensure_ascii=False writes it, but with the characters a terminal
    acts on (C1 controls such as CSI, line separators, bidi overrides) escaped, the same JSON,
    inert; and NaN or Infinity (which a server may send, and JSON has not) written as null."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if "NaN" in text or "Infinity" in text:
        text = re.sub(_NON_FINITE, lambda m: m.group(1) or "null", text)
    return re.sub(f"[{BEYOND_C0}]+", _escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in match[0])


def _stdout() -> Any:
    if sys.stdout is None:
        # stdout was closed by the caller (>&-): the same as a reader that went away.
        import errno

        raise BrokenPipeError(errno.EPIPE, "stdout is closed")
    return sys.stdout


@contextmanager
def captured() -> Iterator[list[str]]:
    """stdout's text kept in the list instead of written, while the block runs: a post on
    several profiles reads each profile's JSON result and shows one line per profile."""
    global _captured
    saved, _captured = _captured, []
    try:
        yield _captured
    finally:
        _captured = saved


def _write_stdout(text: str) -> None:
    if _captured is not None:
        _captured.append(text)
        return
    try:
        _stdout().write(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        # A full disk or an I/O error behind stdout: a one-line error, not a traceback.
        from ..errors import OutputError
        from ..i18n import _

        reason = exc.strerror or str(exc)
        raise OutputError(
            _("cannot write to stdout: {reason}", reason=reason), reason=reason
        ) from None


def _write_stderr(text: str) -> None:
    if sys.stderr is None:
        return
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        # A full disk or a closed reader behind stderr: there is nowhere left to say so, and
        # it must not change the exit code a script or cron acts on.
        pass


def write(text: str, *, stderr: bool = False) -> None:
    """Text already drawn (by Rich) on stdout or stderr, scrubbed on the way."""
    (_write_stderr if stderr else _write_stdout)(scrub(text))


def out(line: str = "") -> None:
    """One plain line on stdout: scrubbed, and inert (no escape sequence reaches a terminal).

    A Message is shown in the person's language; TSV and JSON lines are plain str, never one."""
    _write_stdout(clean(scrub(localized(line)), layout=True) + "\n")


def raw(text: str) -> None:
    """Text on stdout exactly as given (a generated script)."""
    _write_stdout(text)


def out_json(data: Any) -> None:
    out(json_text(data, indent=2))


def lines(values: Iterable[str]) -> None:
    """One line per value: a line break inside a value (a server's) cannot start another."""
    for value in values:
        out(" ".join(localized(value).splitlines()))


def err(line: str) -> None:
    _write_stderr(clean(scrub(localized(line)), layout=True) + "\n")


def warn(message: str) -> None:
    """A warning on stderr, unless --quiet: cron mails whatever a job prints."""
    if not _quiet:
        err(_("greenstatus: warning: {message}", message=one_line(message)))


def note(message: str) -> None:
    """Information for a person about an empty or partial result; stderr, silenced by -q."""
    if not _quiet:
        err(_("greenstatus: note: {message}", message=one_line(message)))


def remark(message: str) -> None:
    """A remark for a person on stderr (not an error), unless --quiet."""
    if not _quiet:
        err(f"greenstatus: {one_line(message)}")


def error(message: str) -> None:
    err(_("greenstatus: error: {message}", message=one_line(message)))


def error_json(exit_code: int, http_status: int | None, message: str) -> None:
    # str(): a Message's English, whatever the language: scripts read error.message.
    message = one_line(str(message))
    out(
        json_text(
            {"error": {"exit_code": exit_code, "http_status": http_status, "message": message}}
        )
    )


def debug_traceback(text: str) -> None:
    err(text.rstrip())


def flush_stdout() -> None:
    """Push the result out now, so a failure to write it is seen while it can be handled."""
    if sys.stdout is not None:
        sys.stdout.flush()


def drop_stdout() -> None:
    """stdout replaced by a sink once it failed: what it still buffers is lost anyway, and the
    final flush must not turn the exit code the command chose into another."""
    import os

    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until the process ends
    except OSError:
        pass


def queued_on_stderr(answer: dict[str, Any], why: BaseException) -> None:
    """The id of a queued status, when stdout could not take it: a queued status is a success.

    stdout is then replaced by a sink, so the final flush cannot turn success into a failure.
    """
    from ..errors import OutputError
    from ..i18n import _

    # Words a person can act on, never one of our class names.
    if isinstance(why, OSError):
        reason = why.strerror or _("closed")
    elif isinstance(why, OutputError):
        reason = why.reason
    elif isinstance(why, KeyboardInterrupt):
        reason = _("interrupted")
    else:
        reason = str(why) or _("it could not be written")
    drop_stdout()
    try:
        err(
            _(
                "greenstatus: queued {id_message} (stdout could not take it: {reason})",
                id_message=one_line(str(answer.get("idMessage"))),
                reason=one_line(reason),
            )
        )
    except (OSError, ValueError, AttributeError):
        pass
