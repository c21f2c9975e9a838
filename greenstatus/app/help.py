"""Help text as plain click shows it: docstrings without Rich tags, examples kept verbatim."""

from __future__ import annotations

import inspect
import re

# Help is plain click text: Rich panels cut option names below ~60 columns and took
# `[default: …]` for markup. Docstrings may still carry simple Rich tags; they are removed.
TAGS = re.compile(r"\[/?(?:bold|italic|dim|underline|green|red|yellow|cyan|blue|magenta)?\]")


def plain_help(text: str | None) -> str | None:
    """A docstring as click shows it: no Rich tags; indented paragraphs (examples) verbatim."""
    if not text:
        return text
    paragraphs = TAGS.sub("", inspect.cleandoc(text)).split("\n\n")
    kept = [
        "\b\n" + p if p.startswith((" ", "\t")) and not p.startswith("\b") else p
        for p in paragraphs
    ]
    return "\n\n".join(kept)


def plain_option_help(text: str) -> str:
    """An option's help without Rich tags."""
    return TAGS.sub("", text)
