"""Issue 18: recipients by name, --except, numbers in the profile's region, the audience check."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import responses
from helpers import API_URL, ID_INSTANCE, SEND_URL, TOKEN
from helpers.fakeapi import CONTACTS_EXAMPLE, contact_book
from typer.testing import CliRunner

from greenstatus import store
from greenstatus.cli import app

pytestmark = pytest.mark.usefixtures("creds_env")

CONTACTS_URL = f"{API_URL}/waInstance{ID_INSTANCE}/getContacts/{TOKEN}"
ANNA, BORIS, VERA = "79001234567@c.us", "79001234568@c.us", "79001234569@c.us"


@pytest.fixture
def state(isolated: Path) -> Path:
    return isolated.parents[2] / "home" / ".local" / "state" / "greenstatus"


def keep(state: Path, contacts: list[dict[str, object]], age: float = 0.0) -> None:
    with store.open_journal(folder=state) as opened:
        opened.keep_contacts(ID_INSTANCE, json.dumps(contacts), time.time() - age)


def sent(api: responses.RequestsMock) -> list[dict[str, object]]:
    return [json.loads(c.request.body) for c in api.calls if c.request.method == "POST"]


def gets(api: responses.RequestsMock) -> int:
    return sum(1 for c in api.calls if c.request.method == "GET")


def test_a_name_is_matched_without_regard_to_case_and_sent_as_a_number(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    keep(state, CONTACTS_EXAMPLE)
    api.post(SEND_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "hi", "-t", "anna (FLOWERS)", "-t", "79001234568"])
    assert result.exit_code == 0, result.output
    assert sent(api)[0]["participants"] == [ANNA, BORIS]
    assert gets(api) == 0


def test_names_fetch_the_contacts_when_none_are_kept_then_keep_them(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    api.get(CONTACTS_URL, json=CONTACTS_EXAMPLE)
    api.post(SEND_URL, json={"idMessage": "A"})
    assert runner.invoke(app, ["post", "one", "-t", "Boris"]).exit_code == 0
    assert runner.invoke(app, ["post", "two", "-t", "Boris"]).exit_code == 0
    assert gets(api) == 1
    assert [b["participants"] for b in sent(api)] == [[BORIS], [BORIS]]
    assert (state / "contacts.txt").read_text(encoding="utf-8") == "Anna (flowers)\nBoris\n"


def test_a_copy_older_than_24_hours_counts_as_none(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    keep(state, [], age=25 * 3600)
    api.get(CONTACTS_URL, json=CONTACTS_EXAMPLE)
    api.post(SEND_URL, json={"idMessage": "A"})
    assert runner.invoke(app, ["post", "hi", "-t", "Boris"]).exit_code == 0
    assert gets(api) == 1


def test_name_falls_back_to_the_whatsapp_name_and_never_matches_groups(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    keep(state, CONTACTS_EXAMPLE)
    api.post(SEND_URL, json={"idMessage": "A"})
    assert runner.invoke(app, ["post", "hi", "-t", "vera"]).exit_code == 0
    assert sent(api)[0]["participants"] == [VERA]
    group = runner.invoke(app, ["post", "hi", "-t", "Shop team"])
    assert group.exit_code == 2 and len(sent(api)) == 1


def test_an_unknown_name_is_exit_2_with_did_you_mean(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    keep(state, CONTACTS_EXAMPLE)
    result = runner.invoke(app, ["post", "hi", "-t", "Bors"])
    assert result.exit_code == 2
    assert "did you mean 'Boris'" in result.stderr
    assert len(api.calls) == 0


def test_an_ambiguous_name_is_exit_2_listing_each_match(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    keep(state, contact_book("case"))
    result = runner.invoke(app, ["post", "hi", "-t", "sasha"])
    assert result.exit_code == 2
    assert "79300000001" in result.stderr and "79300000002" in result.stderr
    assert "'Sasha'" in result.stderr and "'SASHA'" in result.stderr
    assert len(api.calls) == 0


def test_to_file_takes_names_with_commas(
    runner: CliRunner, api: responses.RequestsMock, state: Path, tmp_path: Path
) -> None:
    keep(state, [{"id": ANNA, "name": "", "contactName": "Petrova, Anna", "type": "user"}])
    people = tmp_path / "people.txt"
    people.write_text("# staff\nPetrova, Anna\n", encoding="utf-8")
    api.post(SEND_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "hi", "--to-file", str(people)])
    assert result.exit_code == 0, result.output
    assert sent(api)[0]["participants"] == [ANNA]


def test_except_sends_to_everyone_who_sees_statuses_but_those_named(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    keep(state, contact_book("no_contact_name", "groups", saved=3))
    api.post(SEND_URL, json={"idMessage": "A"})
    result = runner.invoke(
        app, ["post", "hi", "--except", "contact 0002,79990000000", "--except", "+7 910 000-00-03"]
    )
    assert result.exit_code == 0, result.output
    assert sent(api)[0]["participants"] == ["79100000001@c.us"]


def test_except_fetches_the_contacts_when_none_are_kept(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    api.get(CONTACTS_URL, json=CONTACTS_EXAMPLE)
    api.post(SEND_URL, json={"idMessage": "A"})
    assert runner.invoke(app, ["post", "hi", "--except", "Boris"]).exit_code == 0
    assert sent(api)[0]["participants"] == [ANNA]


@pytest.mark.parametrize(
    "args",
    [
        ["--except", "Anna (flowers)", "--except", "Boris"],
        ["--except", "79001234567,79001234568"],
    ],
)
def test_except_that_leaves_nobody_is_exit_2_never_everyone(
    runner: CliRunner, api: responses.RequestsMock, state: Path, args: list[str]
) -> None:
    keep(state, CONTACTS_EXAMPLE)
    result = runner.invoke(app, ["post", "hi", *args])
    assert result.exit_code == 2
    assert "never widened" in result.stderr
    assert len(api.calls) == 0


def test_except_with_to_is_exit_2(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    keep(state, CONTACTS_EXAMPLE)
    result = runner.invoke(app, ["post", "hi", "-t", "Anna (flowers)", "--except", "Boris"])
    assert result.exit_code == 2 and "--except" in result.stderr
    assert len(api.calls) == 0


def test_except_with_an_unknown_name_is_exit_2(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    keep(state, CONTACTS_EXAMPLE)
    result = runner.invoke(app, ["post", "hi", "--except", "Nobody"])
    assert result.exit_code == 2 and "no contact is called 'Nobody'" in result.stderr


def test_the_audience_check_warns_once_per_recipient_from_kept_contacts(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    keep(state, [*CONTACTS_EXAMPLE, *contact_book(saved=1025)[1:]])
    api.post(SEND_URL, json={"idMessage": "A"})
    args = ["post", "hi", "-t", "79001234568,79001234569,447700900123,79001234569"]
    result = runner.invoke(app, [*args, "-t", "79100001025"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "will not see it" in line]
    assert warnings == [
        "greenstatus: warning: 79001234569 will not see it: not saved (no contactName)",
        "greenstatus: warning: 447700900123 will not see it: not a contact",
        "greenstatus: warning: 79100001025 will not see it: beyond the first 1024",
    ]
    assert gets(api) == 0


def test_no_check_and_no_request_without_kept_contacts(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(SEND_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "hi", "-t", "447700900123"])
    assert result.exit_code == 0
    assert "will not see" not in result.stderr
    assert gets(api) == 0


def test_the_profile_participants_are_checked_too(
    runner: CliRunner,
    api: responses.RequestsMock,
    state: Path,
    write_config: Callable[[str], Path],
) -> None:
    write_config('[profiles.default]\nparticipants = ["79001234569@c.us"]\n')
    keep(state, CONTACTS_EXAMPLE)
    api.post(SEND_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 0
    assert "79001234569 will not see it" in result.stderr
    assert sent(api)[0]["participants"] == [VERA]


def test_dry_run_shows_names_resolved_from_kept_contacts(
    runner: CliRunner, api: responses.RequestsMock, state: Path
) -> None:
    keep(state, CONTACTS_EXAMPLE)
    result = runner.invoke(app, ["post", "hi", "-t", "Boris", "--except", "x", "-n"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["post", "hi", "--except", "Boris", "-n", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["body"]["participants"] == [ANNA]
    assert len(api.calls) == 0


@pytest.mark.parametrize("args", [["-t", "Boris"], ["--except", "Boris"]])
def test_dry_run_never_fetches_and_points_at_contacts(
    runner: CliRunner, api: responses.RequestsMock, args: list[str]
) -> None:
    result = runner.invoke(app, ["post", "hi", "-n", *args])
    assert result.exit_code == 2
    assert "greenstatus contacts" in result.stderr
    assert len(api.calls) == 0


def test_dry_run_without_an_instance_has_no_kept_contacts(
    runner: CliRunner, api: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GREENSTATUS_ID_INSTANCE")
    result = runner.invoke(app, ["post", "hi", "-n", "-t", "Boris"])
    assert result.exit_code == 2 and "greenstatus contacts" in result.stderr


@pytest.mark.parametrize(
    ("where", "number", "expected"),
    [
        ("env", "8 (900) 123-45-67", "79001234567@c.us"),
        ("file", "8 (900) 123-45-67", "79001234567@c.us"),
        ("file", "+44 (0)20 7946 0958", "442079460958@c.us"),
        ("file", "0044 20 7946 0958", "442079460958@c.us"),
        ("none", "79001234567", "79001234567@c.us"),
    ],
)
def test_numbers_are_read_in_the_default_region(
    runner: CliRunner,
    api: responses.RequestsMock,
    write_config: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    number: str,
    expected: str,
) -> None:
    if where == "env":
        write_config('[profiles.default]\ndefault_region = "KZ"\n')
        monkeypatch.setenv("GREENSTATUS_DEFAULT_REGION", "ru")
    elif where == "file":
        write_config('[profiles.default]\ndefault_region = "ru"\n')
    api.post(SEND_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "hi", "-t", number])
    assert result.exit_code == 0, result.output
    assert sent(api)[0]["participants"] == [expected]


def test_an_impossible_number_is_exit_2_pointing_at_default_region(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    result = runner.invoke(app, ["post", "hi", "-t", "8 (900) 123-45-67"])
    assert result.exit_code == 2
    assert "89001234567" not in result.stdout and "default_region" in result.stderr
    assert "8 (900) 123-45-67" in result.stderr
    assert len(api.calls) == 0


def test_a_possible_but_invalid_number_is_a_warning(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.post(SEND_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "hi", "-t", "+7 000 123-45-67"])
    assert result.exit_code == 0, result.output
    assert "not a valid number" in result.stderr
    assert sent(api)[0]["participants"] == ["70001234567@c.us"]


@pytest.mark.parametrize("where", ["env", "file"])
def test_a_bad_region_is_exit_78_only_when_recipients_are_read(
    runner: CliRunner,
    api: responses.RequestsMock,
    write_config: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    if where == "env":
        monkeypatch.setenv("GREENSTATUS_DEFAULT_REGION", "XX")
    else:
        write_config('[profiles.default]\ndefault_region = "Russia"\n')
    api.post(SEND_URL, json={"idMessage": "A"})
    assert runner.invoke(app, ["post", "no recipients"]).exit_code == 0
    result = runner.invoke(app, ["post", "hi", "-t", "79001234567"])
    assert result.exit_code == 78
    assert ("GREENSTATUS_DEFAULT_REGION" if where == "env" else "default_region") in result.stderr
    assert len(sent(api)) == 1


def test_config_set_default_region_accepts_only_known_codes(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    path = write_config("[profiles.default]\n")
    bad = runner.invoke(app, ["config", "set", "default_region", "XX"])
    assert bad.exit_code == 2 and "XX" in bad.stderr
    good = runner.invoke(app, ["config", "set", "default_region", "kz"])
    assert good.exit_code == 0, good.output
    assert 'default_region = "KZ"' in path.read_text(encoding="utf-8")
