"""Help text as plain click shows it: docstrings without Rich tags, examples kept verbatim."""

from __future__ import annotations

import inspect
import re

from .. import i18n

# Help is plain click text: Rich panels cut option names below ~60 columns and took
# `[default: …]` for markup. Docstrings may still carry simple Rich tags; they are removed.
# click's own words on a help screen, translated through our catalogue (click's domain is not
# ours): the usage prefix, section headings, the help option, and notes after an option's help.
CLICK_WORDS = (
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "Show this message and exit.",
    "default",
    "required",
)
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


def _key(paragraph: str) -> str:
    # click rewraps a paragraph, so its catalogue entry is the paragraph on one line.
    return " ".join(paragraph.split())


def help_msgids(text: str | None) -> list[str]:
    """The catalogue entries of a help text: one per paragraph, examples (\\b) left out, so a
    command line in "Examples" needs no translation and cannot drift from the English."""
    paragraphs = (text or "").split("\n\n")
    return [_key(p) for p in paragraphs if p.strip() and not p.startswith("\b")]


def translated_help(text: str | None) -> str | None:
    """A help text in the user's language, paragraph by paragraph; examples kept verbatim."""
    if not text or i18n.catalogue() is None:
        return text
    paragraphs = text.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        if paragraph.strip() and not paragraph.startswith("\b"):
            shown = i18n.translate(_key(paragraph))
            if shown != _key(paragraph):
                paragraphs[index] = shown
    return "\n\n".join(paragraphs)
