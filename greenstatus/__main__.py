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


def main() -> NoReturn:
    # One short-lived process: the cyclic collector only slows the imports down (about a
    # sixth of start-up, measured in benchmarks/startup.py), and there is no teardown work
    # worth waiting for once the output is flushed; config writes are fsync-ed before this.
    gc.disable()
    try:
        code = dispatch(sys.argv[1:])
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        # The reader went away (greenstatus fonts | head -1): not an error worth a traceback.
        code = 141
    os._exit(code)


if __name__ == "__main__":
    main()
