"""Numbers as people write them (contract, Part 3): regions, `+`/`00`, ids, names, warnings."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenstatus.errors import ConfigError, ExitCode, UsageError
from greenstatus.rules import phones
from greenstatus.rules.phones import Entry

ANNA = "79001234567@c.us"


def _one(value: str, region: str | None = None) -> str:
    ident, warning = phones.read_number(value, region)
    assert warning is None, warning
    return ident


@pytest.mark.parametrize("region", [None, "RU", "GB", "KZ"])
@pytest.mark.parametrize(
    "given",
    ["+7 (900) 123-45-67", "+79001234567", "0079001234567", "00 7 900 123-45-67", ANNA],
)
def test_plus_00_and_ids_are_international_in_any_region(given: str, region: str | None) -> None:
    assert _one(given, region) == ANNA


@pytest.mark.parametrize(
    ("given", "region", "expected"),
    [
        ("8 (900) 123-45-67", "RU", ANNA),  # the contract's example
        ("89001234567", "RU", ANNA),
        ("8-900-123-45-67", "RU", ANNA),
        ("9001234567", "RU", ANNA),
        ("79001234567", "RU", ANNA),  # as greenstatus users write it today
        ("8 (701) 123-45-67", "KZ", "77011234567@c.us"),
        ("020 7946 0958", "GB", "442079460958@c.us"),
        ("79001234567", None, ANNA),  # no region: digits are international, as before
        ("+44 (0)20 7946 0958", None, "442079460958@c.us"),  # the contract's example
        ("+44 (0)20 7946 0958", "RU", "442079460958@c.us"),
        # RU dials 810 abroad; the library alone would read this as a Russian number.
        ("0044 20 7946 0958", "RU", "442079460958@c.us"),
    ],
)
def test_national_formats_read_in_the_region(given: str, region: str | None, expected: str) -> None:
    assert _one(given, region) == expected


def test_impossible_number_is_exit_2_naming_it_and_default_region() -> None:
    # The contract's example: 8 (900) … read as international has no such country code.
    with pytest.raises(UsageError) as caught:
        phones.read_number("89001234567")
    assert caught.value.exit_code == ExitCode.USAGE
    message = caught.value.message
    assert "'89001234567'" in message
    assert "no such country code" in message
    assert "default_region" in message and "GREENSTATUS_DEFAULT_REGION" in message


@pytest.mark.parametrize(
    ("given", "region", "why"),
    [
        ("1234567", "RU", "too short"),
        ("8 900 123 45 67 89", "RU", "length"),
        ("+7 900 123", None, "too short"),
        ("+999 123 456 789", None, "no such country code"),
    ],
)
def test_impossible_numbers_say_why(given: str, region: str | None, why: str) -> None:
    with pytest.raises(UsageError, match=why) as caught:
        phones.read_number(given, region)
    assert repr(given) in caught.value.message
    assert "default_region" in caught.value.message


def test_possible_but_invalid_is_a_warning_returned_not_printed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parsed = phones.read_entries(["+7 000 123 45 67"])
    assert parsed.entries == [Entry("number", "70001234567@c.us")]
    assert len(parsed.warnings) == 1
    assert "'+7 000 123 45 67'" in parsed.warnings[0]
    assert "not a valid number" in parsed.warnings[0]
    assert capsys.readouterr() == ("", "")


def test_ids_are_taken_as_written_not_read_in_the_region() -> None:
    assert _one(ANNA, "RU") == ANNA
    ident, warning = phones.read_number("4402079460958@c.us")
    assert ident == "4402079460958@c.us"
    assert warning is not None and "+442079460958" in warning


@pytest.mark.parametrize("region", [None, "RU"])
def test_impossible_id_is_exit_2(region: str | None) -> None:
    with pytest.raises(UsageError, match="not a possible phone number") as caught:
        phones.read_number("89001234567@c.us", region)
    assert caught.value.exit_code == ExitCode.USAGE


def test_groups_are_refused() -> None:
    with pytest.raises(UsageError, match="is a group"):
        phones.read_entries(["120363025919@g.us"], "RU")


@pytest.mark.parametrize(
    "bad",
    [
        "123456",
        "1234567890123456",
        "+",
        "",
        "   ",
        "12#34567",
        "７９００１２３４５６７",
        "anna@c.us",
    ],
)
def test_not_numbers_keep_the_7_to_15_digit_wording(bad: str) -> None:
    with pytest.raises(UsageError, match="7 to 15 digits"):
        phones.read_entries([bad])


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("Anna", True),
        (" Анна Петрова ", True),
        ("Mum 2", True),
        ("7900x234567", True),
        ("+7 900 123-45-67", False),
        ("79001234567@C.US", False),
        ("120363025919@g.us", False),
        ("７９００", False),
    ],
)
def test_an_entry_with_a_letter_is_a_name(given: str, name: bool) -> None:
    assert phones.is_name(given) is name


def test_duplicates_dropped_in_order_names_without_regard_to_case() -> None:
    parsed = phones.read_entries(
        ["8 900 123-45-67", " Anna ", "+7 900 123 45 67", "anna", ANNA, "+44 20 7946 0958"], "RU"
    )
    assert parsed.entries == [
        Entry("number", ANNA),
        Entry("name", "Anna"),
        Entry("number", "442079460958@c.us"),
    ]
    assert parsed.warnings == []


@pytest.mark.parametrize(("given", "expected"), [("RU", "RU"), ("kz", "KZ"), (" gb ", "GB")])
def test_known_regions(given: str, expected: str) -> None:
    assert phones.check_region(given, "default_region") == expected


@pytest.mark.parametrize("bad", ["XX", "RUS", "", "001", "R U", "ru\x1b[31m"])
def test_unknown_region_is_a_config_error_naming_its_source(bad: str) -> None:
    with pytest.raises(ConfigError) as caught:
        phones.check_region(bad, "GREENSTATUS_DEFAULT_REGION")
    assert caught.value.exit_code == ExitCode.CONFIG
    assert caught.value.message.startswith("GREENSTATUS_DEFAULT_REGION is ")
    assert "\x1b" not in caught.value.message
    assert phones.known_region(bad) is None


def test_config_set_can_ask_for_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        phones.check_region("XX", "default_region", error=UsageError)
    assert caught.value.exit_code == ExitCode.USAGE


def _modules_after(code: str) -> str:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return run.stdout


@pytest.mark.parametrize(
    "code",
    [
        "import greenstatus.rules.phones",
        "import greenstatus.rules.audience",
        # Names alone need no number metadata.
        "from greenstatus.rules import phones; phones.read_entries(['Anna'])",
    ],
)
def test_phonenumbers_is_not_imported_until_a_number_is_read(code: str) -> None:
    assert "phonenumbers" not in _modules_after(code).split()


def test_phonenumbers_is_imported_when_a_number_is_read() -> None:
    # The check above would pass for any module name if the listing were broken.
    code = "from greenstatus.rules import phones; phones.read_entries(['+79001234567'])"
    assert "phonenumbers" in _modules_after(code).split()


_SPELLINGS = st.lists(
    st.one_of(
        st.from_regex(r"(\+|00)?[0-9 ()\-.]{1,20}", fullmatch=True),
        st.from_regex(r"8 ?\(?9[0-9]{2}\)? ?[0-9]{3}-?[0-9]{2}-?[0-9]{2}", fullmatch=True),
        st.from_regex(r"[0-9]{7,15}@c\.us", fullmatch=True),
        st.text(min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=6,
)


# No deadline: a region's metadata loads on its first number, slow on a loaded machine.
@settings(deadline=None)
@given(values=_SPELLINGS, region=st.sampled_from([None, "RU", "KZ", "GB", "US"]))
def test_named_recipients_never_read_as_nobody(values: list[str], region: str | None) -> None:
    try:
        parsed = phones.read_entries(values, region)
    except UsageError:
        return
    assert parsed.entries
    for entry in parsed.entries:
        if entry.kind == "number":
            assert re.fullmatch(r"[0-9]{7,15}@c\.us", entry.value), entry
        else:
            assert entry.value.strip() and any(ch.isalpha() for ch in entry.value)
