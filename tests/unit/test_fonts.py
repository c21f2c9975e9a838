"""Font rules: lookup and the Latin-only warning."""

from __future__ import annotations

import pytest

from greenstatus.errors import UsageError
from greenstatus.rules import fonts


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("serif", "SERIF"),
        ("sans-serif", "SANS_SERIF"),
        ("Sans_Serif", "SANS_SERIF"),
        ("norican-regular", "NORICAN_REGULAR"),
        ("OSWALD_HEAVY", "OSWALD_HEAVY"),
        ("bryndan write", "BRYNDAN_WRITE"),
    ],
)
def test_font_names_are_case_and_dash_insensitive(given: str, name: str) -> None:
    assert fonts.parse_font(given) == name


def test_unknown_font_lists_the_five() -> None:
    with pytest.raises(UsageError) as caught:
        fonts.parse_font("comic")
    for name in fonts.FONT_NAMES:
        assert name in caught.value.message


def test_api_order() -> None:
    assert fonts.FONT_NAMES == (
        "SERIF",
        "SANS_SERIF",
        "NORICAN_REGULAR",
        "BRYNDAN_WRITE",
        "OSWALD_HEAVY",
    )


def test_norican_warns_only_for_non_latin_letters() -> None:
    assert fonts.font_warning("NORICAN_REGULAR", "Привет") is not None
    assert fonts.font_warning("NORICAN_REGULAR", "Café déjà vu 123 😀!") is None
    assert fonts.font_warning("SERIF", "Привет") is None
    assert fonts.font_warning(None, "Привет") is None
