"""Entry point for the `greenstatus` script and `python -m greenstatus`.

Shell completion asks for profile names on every TAB after --profile, so that request is
answered here, before the command-line framework is imported.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

PROFILES_REQUEST = "__complete_profiles"


def dispatch(argv: list[str]) -> int:
    """Run one command line and return its exit code."""
    if argv[:1] == [PROFILES_REQUEST]:
        from .config import quick_profile_names
        from .output import lines

        explicit = argv[1] if len(argv) > 1 and argv[1] else None
        lines(quick_profile_names(explicit))
        return 0
    from .cli import run

    return run(argv)


BROKEN_PIPE = 141
INTERRUPTED = 130


def _safe_streams() -> None:
    """Never fail on a character the output encoding lacks (ASCII or Latin-1 locales, '…')."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if stream is not None and encoding not in ("utf8", "utf16", "utf32"):
            try:
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                pass


def _pipe_was_broken() -> bool:
    # click answers EPIPE itself (exit 1) after wrapping the streams in this class.
    return type(sys.stdout).__name__ == "PacifyFlushWrapper"


def main() -> NoReturn:
    # One short-lived process: the cyclic collector only slows the imports down (about a
    # sixth of start-up, measured in benchmarks/startup.py), and there is no teardown work
    # worth waiting for once the output is flushed; config writes are fsync-ed before this.
    gc.disable()
    try:
        _safe_streams()
        code = dispatch(sys.argv[1:])
        if code == 1 and _pipe_was_broken():
            code = BROKEN_PIPE
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BrokenPipeError:
                raise
            except (AttributeError, ValueError, OSError):
                pass  # a stream closed by the caller (>&-) has nothing to flush
    except BrokenPipeError:
        # The reader went away (greenstatus fonts | head -1): not an error worth a traceback.
        code = BROKEN_PIPE
    except KeyboardInterrupt:
        # Ctrl-C while modules load, before any command ran: no traceback, nothing was sent.
        try:
            os.write(2, b"\ngreenstatus: interrupted; nothing was sent\n")
        except OSError:
            pass
        code = INTERRUPTED
    os._exit(code)


if __name__ == "__main__":
    main()
