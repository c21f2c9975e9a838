"""The five status fonts GREEN-API accepts, with how each looks, and the font rules."""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from ..errors import UsageError
from ..i18n import _


class Font(NamedTuple):
    name: str
    style: str
    sample: str
    note: str


# In the API's documented order; `fonts` piped prints exactly this order.
FONTS: tuple[Font, ...] = (
    Font("SERIF", _("serif"), "The quick brown fox jumps over the lazy dog", ""),
    Font("SANS_SERIF", _("sans-serif"), "The quick brown fox jumps over the lazy dog", ""),
    Font(
        "NORICAN_REGULAR",
        _("script"),
        "The quick brown fox jumps over the lazy dog",
        _("Latin letters only"),
    ),
    Font("BRYNDAN_WRITE", _("handwriting"), "The quick brown fox jumps over the lazy dog", ""),
    Font("OSWALD_HEAVY", _("heavy condensed"), "The quick brown fox jumps over the lazy dog", ""),
)
FONT_NAMES: tuple[str, ...] = tuple(f.name for f in FONTS)
LATIN_ONLY = "NORICAN_REGULAR"


def parse_font(value: str) -> str:
    """Return the canonical font name; case-insensitive, '-' or a space may stand for '_'."""
    name = value.strip().upper().replace("-", "_").replace(" ", "_")
    if name in FONT_NAMES:
        return name
    import difflib  # only on the error path

    names = ", ".join(FONT_NAMES)
    if close := difflib.get_close_matches(name, FONT_NAMES, n=1, cutoff=0.5):
        raise UsageError(
            _(
                "unknown font {value} (did you mean {close}?): choose one of {names}",
                value=repr(value),
                close=close[0],
                names=names,
            )
        )
    raise UsageError(
        _("unknown font {value}: choose one of {names}", value=repr(value), names=names)
    )


def has_non_latin_letters(text: str) -> bool:
    """Whether text has a letter outside the Latin script (Cyrillic, Greek, CJK …)."""
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return True
    return False


def font_warning(font: str | None, text: str) -> str | None:
    """Warn when the font cannot draw some of the letters in text."""
    if font == LATIN_ONLY and has_non_latin_letters(text):
        return _(
            "{font} covers Latin letters only; other letters in this text "
            "will show in a fallback font",
            font=LATIN_ONLY,
        )
    return None
