"""Who will see a status (contract, Part 3): contacts, names, --except and the audience check."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenstatus.errors import ExitCode, TemporaryError, UsageError
from greenstatus.rules import audience, phones, statuses

_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def user(number: str, contact_name: Any = "", name: Any = "") -> dict[str, Any]:
    return {"id": f"{number}@c.us", "name": name, "contactName": contact_name, "type": "user"}


def group(number: str, name: str) -> dict[str, Any]:
    return {"id": f"{number}@g.us", "name": name, "contactName": "", "type": "group"}


def saved(count: int, start: int = 79000000000) -> list[dict[str, Any]]:
    return [user(str(start + i), f"Contact {i}") for i in range(count)]


ANNA = user("79001234567", "Anna", "Anna P")
BORIS = user("79007654321", "Борис", "Boris")
NO_NAME = user("79005550000", "", "Viktor")
CONTACTS = [ANNA, BORIS, NO_NAME, group("120363025919", "Family")]


@pytest.mark.parametrize(
    ("contact", "reason"),
    [
        (ANNA, None),
        (user("79000000001", "  Anna  "), None),
        (user("79000000001", ""), "no_contact_name"),
        (user("79000000001", " \t "), "no_contact_name"),
        (user("79000000001", None), "no_contact_name"),
        ({"id": "79000000001@c.us", "type": "user"}, "no_contact_name"),
        (group("1203", "Family"), "group"),
        ({"id": "x@broadcast", "contactName": "News", "type": "broadcast"}, "other"),
        ({"id": "79000000001@c.us", "contactName": "Anna"}, "other"),
    ],
)
def test_who_can_see_statuses(contact: dict[str, Any], reason: str | None) -> None:
    assert audience.reasons([contact]) == [reason]


def test_only_the_first_1024_saved_contacts_see_statuses() -> None:
    # Contacts without a contactName and groups do not count towards the 1024.
    contacts = [NO_NAME, group("1203", "Family"), *saved(1026)]
    got = audience.reasons(contacts)
    assert got[:2] == ["no_contact_name", "group"]
    assert got[2:1026] == [None] * 1024
    assert got[1026:] == ["beyond_1024", "beyond_1024"]
    assert len(audience.viewers(contacts)) == 1024
    assert audience.viewers(contacts)[-1] == contacts[1025]["id"]


def test_viewers_in_order_each_once() -> None:
    assert audience.viewers([BORIS, NO_NAME, ANNA, BORIS]) == [BORIS["id"], ANNA["id"]]


def test_contacts_txt_lists_who_can_see_cleaned() -> None:
    contacts = [
        user("79000000001", "Anna\x1b[31m Red\x1b[0m"),
        user("79000000002", "Two\nLines\r\nName"),
        user("79000000003", "\u202eevil\u202c"),
        user("79000000004", "Анна  Петрова"),
        user("79000000005", "Анна Петрова"),  # the same line once
        user("79000000006", "\u202e"),  # nothing printable is left
        NO_NAME,
        group("1203", "Family"),
    ]
    assert audience.contacts_lines(contacts) == [
        "Anna Red",
        "Two Lines Name",
        "evil",
        "Анна Петрова",
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Anna", ANNA["id"]),
        ("anna", ANNA["id"]),
        ("  ANNA ", ANNA["id"]),
        ("борис", BORIS["id"]),
        ("БОРИС", BORIS["id"]),
        ("Viktor", NO_NAME["id"]),  # no contactName matches: the WhatsApp name does
        ("boris", BORIS["id"]),
    ],
)
def test_names_match_without_regard_to_case(typed: str, expected: str) -> None:
    assert audience.Names(CONTACTS).match(typed) == expected


def test_contact_name_wins_over_whatsapp_name() -> None:
    boss = user("79001110000", "Boss")
    other = user("79002220000", "Pavel", "boss")
    assert audience.Names([other, boss]).match("BOSS") == boss["id"]


def test_decomposed_and_casefolded_spellings_match() -> None:
    anna = user("79001234567", "Straße Йошкар")
    typed = unicodedata.normalize("NFD", "STRASSE йошкар")
    assert audience.Names([anna]).match(typed) == anna["id"]


def test_groups_never_match() -> None:
    with pytest.raises(UsageError, match="no contact is called 'Family'"):
        audience.Names(CONTACTS).match("Family")


def test_server_ids_that_are_not_phone_numbers_never_become_participants() -> None:
    odd = [
        {"id": "79001234567@c.us\x1b[2J", "contactName": "Odd", "type": "user"},
        {"id": "123456789012345@lid", "contactName": "Lid", "type": "user"},
        {"id": 79001234568, "contactName": "Int", "type": "user"},
    ]
    assert audience.viewers([*odd, ANNA]) == [ANNA["id"]]
    for name in ("Odd", "Lid", "Int"):
        with pytest.raises(UsageError, match="no contact is called"):
            audience.Names(odd).match(name)


def test_no_match_is_exit_2_with_did_you_mean() -> None:
    contacts = [
        *CONTACTS,
        user("79000000003", "Annabel"),
        user("79000000004", "Ann"),
        user("79000000005", "Hanna"),
    ]
    with pytest.raises(UsageError) as caught:
        audience.Names(contacts).match("Anne")
    assert caught.value.exit_code == ExitCode.USAGE
    message = caught.value.message
    assert message.startswith("no contact is called 'Anne'; did you mean ")
    suggested = re.findall(r"'([^']+)'", message.split("did you mean", 1)[1])
    assert 1 <= len(suggested) <= 3
    assert "Anna" in suggested or "Ann" in suggested


def test_no_close_name_points_at_contacts_command() -> None:
    with pytest.raises(UsageError, match="`greenstatus contacts` lists them"):
        audience.Names(CONTACTS).match("Zzyzx")


def test_several_matches_list_each_by_contact_name_and_number() -> None:
    twin = user("79009990000", "anna")
    with pytest.raises(UsageError) as caught:
        audience.Names([ANNA, twin]).match("ANNA")
    assert caught.value.exit_code == ExitCode.USAGE
    assert "'ANNA' matches 2 contacts: 'Anna' (79001234567), 'anna' (79009990000)" in (
        caught.value.message
    )


def test_server_names_in_errors_carry_no_terminal_control() -> None:
    contacts = [
        user("79000000001", "Anna\x1b]8;;http://x\x07"),
        user("79000000002", "Anna\x1b]8;;http://x\x07"),
    ]
    for typed in ("Anna]8;;http://x", "Annb]8;;http://x"):
        with pytest.raises(UsageError) as caught:
            audience.Names(contacts).match(typed)
        assert not any(unicodedata.category(ch) == "Cc" for ch in caught.value.message)


def test_resolve_keeps_order_and_drops_duplicates() -> None:
    parsed = phones.read_entries(["Борис", "+7 900 123-45-67", "anna", "79007654321"])
    assert audience.resolve(parsed.entries, CONTACTS) == [BORIS["id"], ANNA["id"]]


def test_resolve_of_nothing_is_an_error_not_everyone() -> None:
    with pytest.raises(UsageError, match="never widened"):
        audience.resolve([], CONTACTS)


def test_resolve_of_numbers_needs_no_contacts() -> None:
    assert audience.resolve([("number", "447700900123@c.us")], []) == ["447700900123@c.us"]


def test_except_removes_named_contacts_from_everyone_who_can_see() -> None:
    contacts = [ANNA, BORIS, NO_NAME, user("79000000003", "Clara"), group("1203", "Family")]
    entries = phones.read_entries(["boris", "+44 7700 900123"]).entries  # not a contact: ignored
    assert audience.everyone_except(entries, contacts) == [ANNA["id"], "79000000003@c.us"]


def test_except_name_that_matches_nobody_is_exit_2() -> None:
    with pytest.raises(UsageError, match="did you mean 'Anna'"):
        audience.everyone_except([("name", "Anya")], CONTACTS)


@pytest.mark.parametrize(
    "entries",
    [
        [("name", "anna"), ("name", "борис")],
        [("number", "79001234567@c.us"), ("number", "79007654321@C.US")],
    ],
)
def test_except_everyone_is_exit_2_never_widened(entries: list[tuple[str, str]]) -> None:
    with pytest.raises(UsageError, match="never widened") as caught:
        audience.everyone_except(entries, CONTACTS)
    assert caught.value.exit_code == ExitCode.USAGE


def test_except_with_nobody_able_to_see_is_exit_2() -> None:
    with pytest.raises(UsageError, match="0 contacts can see statuses"):
        audience.everyone_except([("number", "447700900123@c.us")], [NO_NAME])


def test_audience_check_names_each_recipient_who_will_not_see_it() -> None:
    contacts = [NO_NAME, *saved(1025)]
    late = contacts[-1]["id"]
    recipients = ["447700900123@c.us", ANNA["id"], NO_NAME["id"], contacts[1]["id"], late]
    recipients.append("447700900123@c.us")
    assert audience.will_not_see(recipients, [ANNA, *contacts]) == [
        ("447700900123", "not_a_contact"),
        ("79005550000", "no_contact_name"),
        (late.removesuffix("@c.us"), "beyond_1024"),
    ]


def test_audience_check_words() -> None:
    assert audience.REASON_TEXT["no_contact_name"] == "not saved (no contactName)"
    assert audience.REASON_TEXT["beyond_1024"] == "beyond the first 1024"
    assert audience.REASON_TEXT["group"] == "group"


def test_a_number_listed_twice_sees_if_either_listing_does() -> None:
    contacts = [user("79001234567", ""), ANNA]
    assert audience.will_not_see([ANNA["id"]], contacts) == []


def test_getcontacts_answer_of_the_documented_shape_is_kept_as_it_came() -> None:
    answer = [
        *CONTACTS,
        {"id": "79000000001@c.us", "name": None, "contactName": None, "type": "user"},
    ]
    assert audience.contacts_from_answer(answer) is answer


@pytest.mark.parametrize(
    "answer",
    [
        {"contacts": []},
        None,
        "[]",
        [["79000000001@c.us"]],
        [{"name": "Anna", "type": "user"}],
        [{"id": 79001, "type": "user"}],
        [{"id": "79000000001@c.us", "contactName": 5, "type": "user"}],
        [{"id": "79000000001@c.us", "contactName": "Anna", "type": ["user"]}],
    ],
)
def test_getcontacts_answer_of_another_shape_is_exit_75(answer: Any) -> None:
    with pytest.raises(TemporaryError, match="GetContacts") as caught:
        audience.contacts_from_answer(answer)
    assert caught.value.exit_code == ExitCode.TEMPORARY
    assert "Anna" not in caught.value.message


# --- properties -----------------------------------------------------------------------------


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI for ch in text)


@given(st.text())
def test_contacts_txt_line_never_holds_a_control_character(name: str) -> None:
    line = audience.contacts_line(name)
    assert not _has_control(line)
    assert line == line.strip()


@given(st.text())
def test_contacts_txt_line_is_the_one_cleaner_of_server_text(name: str) -> None:
    # audience skips statuses.clean's walk for printable names; the result must not differ.
    assert audience.contacts_line(name) == statuses.clean(name)


_ESCAPES = st.sampled_from(["\x1b[31m", "\x1b]8;;http://x\x07", "\n", "\r", "\u2028", "\u202e"])
_NAMES = st.lists(st.one_of(st.text(min_size=1, max_size=8), _ESCAPES), min_size=1).map("".join)


@given(_NAMES)
def test_a_name_completed_from_contacts_txt_matches_its_contact(contact_name: str) -> None:
    line = audience.contacts_line(contact_name)
    contact = user("79001234567", contact_name)
    if line:
        assert audience.contacts_lines([contact]) == [line]
        assert audience.Names([contact]).match(line) == contact["id"]


@st.composite
def _named_recipients(draw: st.DrawFn) -> tuple[list[str], list[dict[str, Any]]]:
    names = draw(st.lists(st.text(min_size=1, max_size=10), max_size=5))
    contacts = [
        user(str(79000000000 + i), n, draw(st.text(max_size=6))) for i, n in enumerate(names)
    ]
    spelled = st.one_of(
        st.tuples(st.sampled_from(names or ["Anna"]), st.booleans()).map(
            lambda pair: pair[0].upper() if pair[1] else pair[0]
        ),
        st.from_regex(r"(\+|00|8)?[0-9 ()\-]{1,16}", fullmatch=True),
        st.from_regex(r"[0-9]{7,15}@c\.us", fullmatch=True),
        st.text(min_size=1, max_size=10),
    )
    return draw(st.lists(spelled, min_size=1, max_size=6)), contacts


@given(_named_recipients(), st.sampled_from([None, "RU", "GB"]))
def test_named_recipients_never_become_an_empty_participants_list(
    case: tuple[list[str], list[dict[str, Any]]], region: str | None
) -> None:
    values, contacts = case
    try:
        participants = audience.resolve(phones.read_entries(values, region).entries, contacts)
    except UsageError:
        return
    assert participants
    assert len(participants) <= len(values)
    assert all(re.fullmatch(r"[0-9]{7,15}@c\.us", p) for p in participants)
