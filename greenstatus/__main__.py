"""Entry point for the `greenstatus` script and `python -m greenstatus`.

Shell completion asks for profile names on every TAB after --profile, so that request is
answered here, before the command-line framework is imported.
"""

from __future__ import annotations

import os
import sys

PROFILES_REQUEST = "__complete_profiles"


def main() -> int:
    argv = sys.argv[1:]
    if argv[:1] == [PROFILES_REQUEST]:
        from .config import quick_profile_names

        explicit = argv[1] if len(argv) > 1 and argv[1] else None
        sys.stdout.write("".join(f"{name}\n" for name in quick_profile_names(explicit)))
        return 0
    from .cli import run

    try:
        code = run(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (greenstatus fonts | head -1): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return code


if __name__ == "__main__":
    sys.exit(main())
