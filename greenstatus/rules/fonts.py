"""The five status fonts GREEN-API accepts, with how each looks, and the font rules."""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from ..errors import UsageError


class Font(NamedTuple):
    name: str
    style: str
    sample: str
    note: str


# In the API's documented order; `fonts` piped prints exactly this order.
FONTS: tuple[Font, ...] = (
    Font("SERIF", "serif", "The quick brown fox jumps over the lazy dog", ""),
    Font("SANS_SERIF", "sans-serif", "The quick brown fox jumps over the lazy dog", ""),
    Font(
        "NORICAN_REGULAR",
        "script",
        "The quick brown fox jumps over the lazy dog",
        "Latin letters only",
    ),
    Font("BRYNDAN_WRITE", "handwriting", "The quick brown fox jumps over the lazy dog", ""),
    Font("OSWALD_HEAVY", "heavy condensed", "The quick brown fox jumps over the lazy dog", ""),
)
FONT_NAMES: tuple[str, ...] = tuple(f.name for f in FONTS)
LATIN_ONLY = "NORICAN_REGULAR"


def parse_font(value: str) -> str:
    """Return the canonical font name; case-insensitive, '-' or a space may stand for '_'."""
    name = value.strip().upper().replace("-", "_").replace(" ", "_")
    if name in FONT_NAMES:
        return name
    hint = ""
    import difflib  # only on the error path

    if close := difflib.get_close_matches(name, FONT_NAMES, n=1, cutoff=0.5):
        hint = f" (did you mean {close[0]}?)"
    raise UsageError(f"unknown font {value!r}{hint}: choose one of {', '.join(FONT_NAMES)}")


def has_non_latin_letters(text: str) -> bool:
    """Whether text has a letter outside the Latin script (Cyrillic, Greek, CJK …)."""
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return True
    return False


def font_warning(font: str | None, text: str) -> str | None:
    """Warn when the font cannot draw some of the letters in text."""
    if font == LATIN_ONLY and has_non_latin_letters(text):
        return (
            f"{LATIN_ONLY} covers Latin letters only; other letters in this text "
            "will show in a fallback font"
        )
    return None
