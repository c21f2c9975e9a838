"""The content plan's pure rules: the delimiter, the rows and their lines, the `to` cell."""

from __future__ import annotations

import pytest

from greenstatus.compose.plan import recipients_of
from greenstatus.errors import UsageError
from greenstatus.rules.plan import decode_plan, delimiter, read_plan


@pytest.mark.parametrize(
    ("header", "expected"),
    [("at,text", ","), ("at;text", ";"), ("at;text,with;semicolons", ";"), ("at", ",")],
)
def test_delimiter_comes_from_the_header(header: str, expected: str) -> None:
    assert delimiter(header) == expected


def test_a_row_spanning_lines_is_named_by_its_first_and_blank_lines_are_skipped() -> None:
    rows = read_plan('at,text\n1,"a\nb\nc"\n\n2,d\n', "plan.csv")
    assert [(r.line, r.cells["text"]) for r in rows] == [(2, "a\nb\nc"), (6, "d")]


def test_a_bom_is_dropped_and_other_encodings_are_refused() -> None:
    assert decode_plan("\ufeffat\n".encode(), "p") == "at\n"
    with pytest.raises(UsageError, match="not UTF-8"):
        decode_plan("at;текст\n".encode("cp1251"), "p")


def test_a_row_wider_than_the_header_is_refused() -> None:
    with pytest.raises(UsageError, match="line 2: 3 fields"):
        read_plan("at,text\n1,2,3\n", "p")


@pytest.mark.parametrize(
    ("cell", "entries"),
    [
        ("79001234567", ["79001234567"]),
        ("79001234567, 79007654321", ["79001234567", "79007654321"]),
        ("79001234567 79007654321", ["79001234567", "79007654321"]),
        ("+7 900 123-45-67", ["+7 900 123-45-67"]),
        ("+7 900 123-45-67,79007654321", ["+7 900 123-45-67", "79007654321"]),
        ("", []),
    ],
)
def test_to_takes_commas_or_spaces_and_keeps_a_spaced_number_whole(
    cell: str, entries: list[str]
) -> None:
    assert recipients_of(cell) == entries
