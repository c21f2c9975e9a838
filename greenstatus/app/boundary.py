"""The one error boundary: reporting_errors turns every error into a message and an exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from .. import output
from ..errors import ExitCode, GreenstatusError
from .context import config_option, learn_secrets

# Looked up, not imported: post's fast path runs without click, and then no click context,
# Exit or Abort can exist (`greenstatus --config` is not on that path either).
_CLICK = "click"


def _learn_from_context() -> None:
    click: Any = sys.modules.get(_CLICK)
    ctx = click.get_current_context(silent=True) if click is not None else None
    learn_secrets(config_option(ctx) if ctx is not None else None)


def _framework_signal(exc: BaseException) -> str | None:
    """'exit' for click's (and typer's) Exit, raised to end a command with its code; 'abort'
    for its Abort, how a prompt reports Ctrl-C or Ctrl-D; None for anything else."""
    click: Any = sys.modules.get(_CLICK)
    if click is None:
        return None
    if isinstance(exc, click.exceptions.Exit):
        return "exit"
    return "abort" if isinstance(exc, click.exceptions.Abort) else None


def exit_code(exc: SystemExit) -> int:
    """The process exit code a SystemExit stands for, as the interpreter would choose it."""
    code = exc.code
    return code if isinstance(code, int) else (0 if code is None else 1)


@contextmanager
def reporting_errors(as_json: bool = False) -> Iterator[None]:
    """The one place errors become messages and exit codes; nothing else catches them."""
    try:
        yield
    except GreenstatusError as exc:
        _learn_from_context()
        try:
            if as_json and exc.result is not None:
                output.out_json(exc.result)
            elif as_json:
                output.error_json(int(exc.exit_code), exc.http_status, output.scrub(exc.message))
            output.flush_stdout()
        except (OSError, ValueError, GreenstatusError):
            # stdout is gone (full disk, closed pipe): the error's own code still wins, as 8
            # ("queued, do not post it again") must reach a retrying wrapper.
            output.drop_stdout()
        output.error(exc.message)
        raise SystemExit(int(exc.exit_code)) from None
    except KeyboardInterrupt:
        interrupted()
    except BrokenPipeError:
        raise
    except Exception as exc:
        signal = _framework_signal(exc)
        if signal == "exit":
            raise
        if signal == "abort":
            interrupted()
        _unexpected(exc, as_json)


def interrupted() -> NoReturn:
    """Ctrl-C with no request under way: one line, exit 130."""
    # Sending code turns Ctrl-C into its own Interrupted error, which says whether the
    # request may have arrived; a bare KeyboardInterrupt here means none was under way.
    # The blank line only moves past the terminal's echoed ^C; a log gets one line.
    from ..i18n import _  # only on the error path

    gap = "\n" if output.is_terminal(sys.stderr) else ""
    output.err(_("{gap}greenstatus: interrupted; nothing was sent", gap=gap))
    raise SystemExit(int(ExitCode.INTERRUPTED)) from None


def _unexpected(exc: Exception, as_json: bool) -> NoReturn:
    """A bug or an error nothing expected: one line (a traceback with GREENSTATUS_DEBUG=1),
    exit 1."""
    _learn_from_context()
    if os.environ.get("GREENSTATUS_DEBUG") == "1":
        import traceback

        output.debug_traceback(traceback.format_exc())
    from ..i18n import _

    error = f"{type(exc).__name__}: {exc}"
    if as_json:
        message = _("unexpected error: {error}", error=error)
        output.error_json(int(ExitCode.UNEXPECTED), None, output.scrub(message))
    output.error(
        _("unexpected error: {error} (set GREENSTATUS_DEBUG=1 for a traceback)", error=error)
    )
    raise SystemExit(int(ExitCode.UNEXPECTED)) from None
