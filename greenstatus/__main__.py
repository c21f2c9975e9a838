"""Entry point for the `greenstatus` script and `python -m greenstatus`."""

# The builtin half of the signal module: importing `signal` itself builds enums for some
# milliseconds, a window in which a Ctrl-C would print a traceback.
import _signal  # type: ignore[import-not-found]  # noqa: I001
import os
import sys


def _interrupted_while_loading(_signum: int, _frame: object) -> None:
    os.write(2, b"greenstatus: interrupted; nothing was sent\n")
    os._exit(130)


# The console script: from here until main() starts, a Ctrl-C ends the process quietly
# rather than with a traceback out of some module being imported (nothing was sent yet).
if __name__ == "__main__" or os.path.basename(sys.argv[0] or "") == "greenstatus":
    _signal.signal(_signal.SIGINT, _interrupted_while_loading)

import gc  # noqa: E402

# Not imported from typing: that import costs milliseconds at start-up, in which a Ctrl-C
# would show a traceback; mypy treats any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn


# The whole command line of `greenstatus --version`: its one definition stays the eager option
# in greenstatus.app; this only answers it without loading click and typer (most of the run).
VERSION_LINES = (["--version"], ["-V"])


def dispatch(argv: list[str]) -> int:
    """Run one command line and return its exit code."""
    if argv in VERSION_LINES:
        from . import __version__, output

        output.out(f"greenstatus {__version__}")
        return 0
    if argv[:1] == ["post"]:
        from .app import fast_path

        values = fast_path.post_values(argv[1:])
        if values is not None:
            return fast_path.run_post(values)
    from .cli import run

    return run(argv)


BROKEN_PIPE = 141
INTERRUPTED = 130
STORAGE = 74


def _say(line: str) -> None:
    try:
        os.write(2, line.encode("utf-8", "backslashreplace") + b"\n")
    except OSError:
        pass


def _safe_streams() -> None:
    """Never fail on a character the output encoding lacks (ASCII or Latin-1 locales, '…')."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if stream is not None and encoding not in ("utf8", "utf16", "utf32"):
            try:
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                pass


def _last_resort(exc: Exception) -> int:
    """An error that escaped the command's own boundary (raised while the framework parsed or
    printed help): one line on stderr and an exit code from the table."""
    from .config import remember_secrets
    from .errors import GreenstatusError
    from .i18n import _, localized
    from .output import one_line

    remember_secrets()
    if isinstance(exc, GreenstatusError):
        _say(f"greenstatus: error: {one_line(localized(exc.message))}")
        return int(exc.exit_code)
    if os.environ.get("GREENSTATUS_DEBUG") == "1":
        import traceback

        from .output import scrub

        _say(scrub("".join(traceback.format_exception(exc)).rstrip()))
    if isinstance(exc, OSError) and exc.strerror:
        # Writing the output failed (a full disk behind stdout): local storage, 74.
        said = _("cannot write the output: {reason}", reason=one_line(exc.strerror))
        _say(f"greenstatus: error: {localized(said)}")
        return STORAGE
    said = _("unexpected error: {error}", error=one_line(f"{type(exc).__name__}: {exc}"))
    _say(f"greenstatus: error: {localized(said)}")
    return 1


def _stdout_identity() -> tuple[int, int] | None:
    try:
        info = os.fstat(1)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _pipe_was_broken(before: tuple[int, int] | None) -> bool:
    """Whether an exit 1 was the framework's own answer to a reader that went away.

    click wraps the streams in a PacifyFlushWrapper; Rich points fd 1 at /dev/null. Both
    then exit 1, which the shell convention says should be 141.
    """
    if "PacifyFlushWrapper" in type(sys.stdout).__name__:
        return True
    return before is not None and _stdout_identity() != before


def _cannot_write_stdout(exc: OSError) -> str:
    from .i18n import _, localized

    said = _("cannot write to stdout: {reason}", reason=exc.strerror or exc)
    return f"greenstatus: error: {localized(said)}"


def main() -> "NoReturn":
    # One short-lived process: the cyclic collector only slows the imports down (about a
    # sixth of start-up, measured in benchmarks/startup.py), and there is no teardown work
    # worth waiting for once the output is flushed; config writes are fsync-ed before this.
    gc.disable()
    try:
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)
        _safe_streams()
        stdout_before = _stdout_identity()
        code = dispatch(sys.argv[1:])
        if code == 1 and _pipe_was_broken(stdout_before):
            code = BROKEN_PIPE
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:
                # A full disk behind stdout (> /dev/full): the output is lost, so say so.
                if stream is sys.stdout and code == 0:
                    _say(_cannot_write_stdout(exc))
                    code = STORAGE
            except (AttributeError, ValueError):
                pass  # a stream closed by the caller (>&-) has nothing to flush
    except BrokenPipeError:
        # The reader went away (greenstatus fonts | head -1): not an error worth a traceback.
        code = BROKEN_PIPE
    except Exception as exc:  # the last boundary: one line, never a traceback
        code = _last_resort(exc)
    except KeyboardInterrupt:
        # Ctrl-C while modules load, before any command ran: no traceback, nothing was sent.
        _say(("\n" if os.isatty(2) else "") + "greenstatus: interrupted; nothing was sent")
        code = INTERRUPTED
    os._exit(code)


if __name__ == "__main__":
    main()
