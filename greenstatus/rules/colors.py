"""Background colour rules: parsing, normalising, and contrast against the white status text."""

from __future__ import annotations

import re

from ..errors import UsageError
from ..i18n import _

DEFAULT_BACKGROUND = "#228B22"
REFUSE_BELOW = 1.5
WARN_BELOW = 3.0
_HEX6 = re.compile(r"#?([0-9A-Fa-f]{6})")
_HEX3 = re.compile(r"#([0-9A-Fa-f]{3})")
# CSS Color 4 names that webcolors' "css3" table lacks (it follows CSS Color 3).
CSS4_ADDED = {"rebeccapurple": "#663399"}


def parse_color(value: str) -> str:
    """Return value as upper-case #RRGGBB; accepts #RRGGBB, #RGB, RRGGBB and CSS colour names."""
    raw = value.strip()
    if m := _HEX6.fullmatch(raw):
        return "#" + m.group(1).upper()
    if m := _HEX3.fullmatch(raw):
        return "#" + "".join(c * 2 for c in m.group(1)).upper()
    if raw.isalpha() and raw.isascii():
        name = raw.lower()
        if name in CSS4_ADDED:
            return CSS4_ADDED[name]
        # Imported here: most runs give hex or no colour, and the name table costs start-up time.
        import webcolors

        try:
            return str(webcolors.name_to_hex(name)).upper()
        except ValueError:
            pass
    import difflib  # only on the error path

    if close := difflib.get_close_matches(raw.lower(), names(), n=1):
        raise UsageError(
            _(
                "unknown colour {value} (did you mean {close}?): use #RRGGBB, #RGB, RRGGBB or a "
                "CSS colour name such as forestgreen",
                value=repr(value),
                close=close[0],
            )
        )
    raise UsageError(
        _(
            "unknown colour {value}: use #RRGGBB, #RGB, RRGGBB or a CSS colour name "
            "such as forestgreen",
            value=repr(value),
        )
    )


def names() -> list[str]:
    """Every CSS Color 4 name that is a colour (not `transparent` or `currentcolor`)."""
    import webcolors

    return sorted(set(webcolors.names("css3")) | set(CSS4_ADDED))


def _channel(byte: int) -> float:
    c = byte / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour."""
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(hex_color: str) -> float:
    """WCAG contrast ratio between white text and this background, from 1.0 to 21.0."""
    return 1.05 / (luminance(hex_color) + 0.05)


def contrast_verdict(ratio: float) -> str:
    """A word on how readable white text is on a background of this contrast."""
    if ratio < REFUSE_BELOW:
        return _("unreadable")
    if ratio < WARN_BELOW:
        return _("low contrast")
    return _("fine")


def check_contrast(hex_color: str, force: bool) -> str | None:
    """Refuse a background white text cannot be read on; return a warning for a weak one."""
    ratio = contrast_with_white(hex_color)
    if ratio < REFUSE_BELOW and not force:
        raise UsageError(
            _(
                "background {color} has contrast {ratio}:1 with the white status text "
                "(below {limit}:1, unreadable); choose a darker colour or pass --force",
                color=hex_color,
                ratio=f"{ratio:.2f}",
                limit=REFUSE_BELOW,
            )
        )
    if ratio < WARN_BELOW:
        return _(
            "background {color} has low contrast with the white status text "
            "({ratio}:1, below {limit}:1)",
            color=hex_color,
            ratio=f"{ratio:.2f}",
            limit=WARN_BELOW,
        )
    return None
