"""Recipient rules: phone spellings, groups refused, duplicates dropped in order."""

from __future__ import annotations

import pytest

from greenstatus.errors import UsageError
from greenstatus.rules import recipients


@pytest.mark.parametrize(
    "given",
    ["79001234567@c.us", "79001234567", "+7 (900) 123-45-67", "+7.900.123.45.67", " 79001234567 "],
)
def test_phone_spellings_normalise(given: str) -> None:
    assert recipients.normalise_one(given) == "79001234567@c.us"


def test_groups_are_refused() -> None:
    with pytest.raises(UsageError, match="group"):
        recipients.normalise_one("120363025919@g.us")


@pytest.mark.parametrize("bad", ["123456", "1234567890123456", "abc", "7900x234567", "+", ""])
def test_bad_numbers_are_refused(bad: str) -> None:
    with pytest.raises(UsageError, match="7 to 15 digits"):
        recipients.normalise_one(bad)


def test_seven_and_fifteen_digits_are_the_bounds() -> None:
    assert recipients.normalise_one("1234567") == "1234567@c.us"
    assert recipients.normalise_one("123456789012345") == "123456789012345@c.us"


def test_duplicates_dropped_keeping_first_order() -> None:
    got = recipients.normalise_all(
        recipients.split_values(
            ["79001234567,+44 20 0000 1234", "79001234567@c.us", "442000001234"]
        )
    )
    assert got == ["79001234567@c.us", "442000001234@c.us"]


def test_recipient_file_lines_skip_blanks_and_comments() -> None:
    lines = "# shop regulars\n\n+7 900 123-45-67  # Anna\n79007654321, 442000001234\n   \n"
    assert recipients.parse_lines(lines) == ["+7 900 123-45-67  ", "79007654321", " 442000001234"]
