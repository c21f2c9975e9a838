"""The documented command `python -m greenstatus.manpages man/`; completion.man writes the pages."""

import sys

from .completion.man import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
