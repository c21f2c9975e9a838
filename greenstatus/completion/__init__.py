"""Shell completion scripts and man pages, rendered from one walk of the app (`model`).

Everything static (commands, options, fonts, colour names, config keys, files, profile names)
is answered by the shell alone: no TAB starts Python.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any


def generate(shell: str, root: Any) -> str:
    """The completion script for one shell: bash, zsh or fish."""
    from .model import walk

    render = import_module(f"{__name__}.{shell}").render
    return str(render(walk(root)))
