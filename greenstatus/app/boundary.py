"""The one error boundary: reporting_errors turns every error into a message and an exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from .. import output
from ..errors import ExitCode, GreenstatusError
from .context import config_option, learn_secrets
from .framework import current_context


def _learn_from_context() -> None:
    ctx = current_context()
    learn_secrets(config_option(ctx) if ctx is not None else None)  # type: ignore[arg-type]


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
        raise typer.Exit(int(exc.exit_code)) from None
    except (KeyboardInterrupt, typer.Abort):
        # typer.Abort is how a prompt reports Ctrl-C or Ctrl-D.
        # Sending code turns Ctrl-C into its own Interrupted error, which says whether the
        # request may have arrived; a bare KeyboardInterrupt here means none was under way.
        # The blank line only moves past the terminal's echoed ^C; a log gets one line.
        from ..i18n import _  # only on the error path

        gap = "\n" if output.is_terminal(sys.stderr) else ""
        output.err(_("{gap}greenstatus: interrupted; nothing was sent", gap=gap))
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (typer.Exit, BrokenPipeError):
        raise
    except Exception as exc:
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
        raise typer.Exit(int(ExitCode.UNEXPECTED)) from None
