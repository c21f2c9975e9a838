"""Issue 18's promises for any input: naming recipients never means "everyone", and a contact's
name never reaches the terminal as control characters."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from greenstatus import config, output
from greenstatus.errors import GreenstatusError
from greenstatus.rules.untrusted import UNSAFE_CHARS
from greenstatus.sending import recipients

DIGITS = st.text("0123456789", min_size=1, max_size=16)
SPELLINGS = st.one_of(
    DIGITS,
    DIGITS.map(lambda d: "+" + d),
    DIGITS.map(lambda d: "00" + d),
    DIGITS.map(lambda d: d + "@c.us"),
    DIGITS.map(lambda d: f"8 ({d[:3]}) {d[3:6]}-{d[6:]}"),
    st.text(min_size=1, max_size=12).filter(lambda t: t.strip() and "," not in t),
)
NAMES = st.one_of(st.none(), st.text(max_size=12))
CONTACT = st.fixed_dictionaries(
    {
        "id": DIGITS.map(lambda d: d + "@c.us") | st.just("120363043968066561@g.us"),
        "name": NAMES,
        "contactName": NAMES,
        "type": st.sampled_from(["user", "user", "group"]),
    }
)
CONTACTS = st.lists(CONTACT, max_size=8)
# Controls (C0, C1, DEL), bidi marks and overrides, line and paragraph separators.
UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _settings(region: str | None) -> config.Settings:
    values: dict[str, Any] = {"id_instance": "1101000001", "journal": True}
    if region:
        values["default_region"] = region
    return config.Settings(path=Path("none.toml"), profile="default", values=values)


@SETTINGS
@given(
    entries=st.lists(SPELLINGS, min_size=1, max_size=6),
    contacts=CONTACTS,
    region=st.sampled_from([None, "RU", "GB", "KZ"]),
    excepting=st.booleans(),
)
def test_named_recipients_never_become_an_empty_participants_list(
    monkeypatch: pytest.MonkeyPatch,
    entries: list[str],
    contacts: list[dict[str, Any]],
    region: str | None,
    excepting: bool,
) -> None:
    monkeypatch.setattr("greenstatus.sending.contacts.kept", lambda _settings: contacts)
    given_entries = None if excepting else entries
    excepted = entries if excepting else []
    try:
        chosen, _warnings = recipients.participants(
            _settings(region), given_entries, excepted, dry_run=True, request={}
        )
    except GreenstatusError as exc:
        assert exc.exit_code in (2, 78)
        return
    assert chosen, (entries, contacts)
    assert all(re.fullmatch(r"[0-9]{7,15}@c\.us", c) for c in chosen)


@SETTINGS
@given(contacts=CONTACTS, terminal=st.booleans())
def test_a_contact_name_never_reaches_the_terminal_as_control_characters(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    contacts: list[dict[str, Any]],
    terminal: bool,
) -> None:
    monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: terminal)
    output.contact_list(contacts, title="Contacts", as_json=False)
    shown = capsys.readouterr().out
    for line in shown.splitlines():
        fields = line.split("\t") if not terminal else [line]
        assert len(fields) == 4 or terminal
        assert not any(UNSAFE.search(f) for f in fields), repr(line)


# Lists of printable ASCII (where name_keys takes its shortcut) with spaces at the ends and
# doubled, and lists with tabs, line breaks and non-ASCII letters, which must go the long way.
ASCII_NAMES = st.lists(st.text(st.sampled_from(" aZ1 ."), max_size=6), max_size=6)
OTHER_NAMES = st.lists(st.text(st.sampled_from("ab Z1 \t\n.ÉİıßÅ\u0301\u202e"), max_size=6))


@SETTINGS
@given(texts=ASCII_NAMES)
@example(texts=["Anna", "a  b"])
@example(texts=["Anna", "Boris "])
@example(texts=[" Anna", "Boris"])
def test_a_whole_list_of_ascii_is_keyed_as_each_name_alone(texts: list[str]) -> None:
    from greenstatus.rules import audience

    assert audience.name_keys(texts) == [audience.name_key(text) for text in texts]


@SETTINGS
@given(texts=OTHER_NAMES | st.lists(st.text(max_size=8), max_size=6))
def test_a_whole_list_is_keyed_as_each_name_alone(texts: list[str]) -> None:
    from greenstatus.rules import audience

    assert audience.name_keys(texts) == [audience.name_key(text) for text in texts]
