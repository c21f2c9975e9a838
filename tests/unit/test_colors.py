"""Colour rules: the accepted spellings, CSS names, and contrast against white text."""

from __future__ import annotations

import pytest

from greenstatus.errors import UsageError
from greenstatus.rules import colors


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("#228b22", "#228B22"),
        ("228B22", "#228B22"),
        ("#abc", "#AABBCC"),
        ("forestgreen", "#228B22"),
        ("ForestGreen", "#228B22"),
        ("navy", "#000080"),
        (" #000000 ", "#000000"),
    ],
)
def test_colour_spellings_become_upper_case_rrggbb(given: str, sent: str) -> None:
    assert colors.parse_color(given) == sent


@pytest.mark.parametrize("bad", ["", "#12345", "#GGGGGG", "notacolour", "rgb(1,2,3)", "abc"])
def test_unknown_colours_are_usage_errors(bad: str) -> None:
    with pytest.raises(UsageError, match="unknown colour"):
        colors.parse_color(bad)


def test_contrast_matches_published_wcag_figures() -> None:
    assert colors.contrast_with_white("#777777") == pytest.approx(4.48, abs=0.01)
    assert colors.contrast_with_white("#228B22") == pytest.approx(4.4, abs=0.05)
    assert colors.contrast_with_white("#000000") == pytest.approx(21.0)
    assert colors.contrast_with_white("#FFFFFF") == pytest.approx(1.0)


def test_white_and_near_white_are_refused_unless_forced() -> None:
    for light in ("#FFFFFF", "#F0F0F0", "#DDDDDD"):
        assert colors.contrast_with_white(light) < 1.5
        with pytest.raises(UsageError, match="--force"):
            colors.check_contrast(light, force=False)
        assert colors.check_contrast(light, force=True) is not None


def test_low_contrast_warns_and_good_contrast_is_silent() -> None:
    warning = colors.check_contrast("#AAAAAA", force=False)
    assert warning is not None and "2.32:1" in warning
    assert colors.check_contrast("#228B22", force=False) is None
    assert colors.contrast_verdict(4.4) == "fine"
    assert colors.contrast_verdict(2.0) == "low contrast"
    assert colors.contrast_verdict(1.2) == "unreadable"
