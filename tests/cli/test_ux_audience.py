"""Issue 9, safety of the audience: an option that names nobody is exit 2, never "all contacts"."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import responses
from helpers import SEND_URL
from typer.testing import CliRunner

from greenstatus.cli import app
from greenstatus.errors import UsageError
from greenstatus.rules import recipients

pytestmark = pytest.mark.usefixtures("creds_env")

PROFILE_WITH_PARTICIPANTS = '[profiles.default]\nparticipants = ["79001234567@c.us"]\n'


@pytest.mark.parametrize(
    "to",
    [[""], [","], [" "], ["79001234567,,"], ["79001234567,"], [",79001234567"], ["7900123456", ""]],
)
@pytest.mark.parametrize("with_profile", [False, True])
def test_empty_to_is_exit_2_and_never_widened(
    runner: CliRunner,
    api: responses.RequestsMock,
    write_config: Callable[[str], Path],
    to: list[str],
    with_profile: bool,
) -> None:
    if with_profile:
        write_config(PROFILE_WITH_PARTICIPANTS)
    args = ["post", "hello"] + [arg for value in to for arg in ("-t", value)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "empty" in result.stderr and "never widened" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert len(api.calls) == 0


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", b"# only a comment\n   \n# another\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf# x\n"],
)
@pytest.mark.parametrize("with_profile", [False, True])
def test_to_file_without_recipients_is_exit_2(
    runner: CliRunner,
    api: responses.RequestsMock,
    write_config: Callable[[str], Path],
    tmp_path: Path,
    content: bytes,
    with_profile: bool,
) -> None:
    if with_profile:
        write_config(PROFILE_WITH_PARTICIPANTS)
    people = tmp_path / "people.txt"
    people.write_bytes(content)
    result = runner.invoke(app, ["post", "hello", "--to-file", str(people)])
    assert result.exit_code == 2, result.output
    assert "--to-file names no recipients" in result.stderr
    assert len(api.calls) == 0


def test_empty_to_file_on_stdin_is_exit_2(runner: CliRunner, api: responses.RequestsMock) -> None:
    result = runner.invoke(app, ["post", "hello", "--to-file", "-"], input="# nobody\n")
    assert result.exit_code == 2
    assert len(api.calls) == 0


def test_dry_run_refuses_an_empty_audience_too(runner: CliRunner) -> None:
    result = runner.invoke(app, ["post", "hello", "-t", "", "--dry-run", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["exit_code"] == 2


def test_no_to_at_all_still_means_profile_participants(
    runner: CliRunner, api: responses.RequestsMock, write_config: Callable[[str], Path]
) -> None:
    write_config(PROFILE_WITH_PARTICIPANTS)
    api.post(SEND_URL, json={"idMessage": "A"})
    assert runner.invoke(app, ["post", "hello"]).exit_code == 0
    assert json.loads(api.calls[0].request.body or b"{}")["participants"] == ["79001234567@c.us"]


def test_bom_at_the_start_of_a_to_file_is_dropped(
    runner: CliRunner, api: responses.RequestsMock, tmp_path: Path
) -> None:
    people = tmp_path / "people.txt"
    people.write_bytes(b"\xef\xbb\xbf79001234567\r\n+44 20 0000 1234\r\n")
    api.post(SEND_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "hello", "--to-file", str(people)])
    assert result.exit_code == 0, result.output
    body = json.loads(api.calls[0].request.body or b"{}")
    assert body["participants"] == ["79001234567@c.us", "442000001234@c.us"]


@pytest.mark.parametrize(
    "number",
    [
        "\uff17\uff19\uff10\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17",  # fullwidth
        "\u0667\u0669\u0660\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667",  # Arabic-Indic
        "\u06f7\u06f9\u06f0\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7",  # Persian
        "7900123456\u0667",
    ],
)
def test_only_ascii_digits_are_phone_numbers(
    runner: CliRunner, api: responses.RequestsMock, number: str
) -> None:
    with pytest.raises(UsageError, match="7 to 15 digits"):
        recipients.normalise_one(number)
    result = runner.invoke(app, ["post", "hello", "-t", number])
    assert result.exit_code == 2
    assert len(api.calls) == 0


def test_profile_with_an_empty_participants_list_is_refused(
    runner: CliRunner, api: responses.RequestsMock, write_config: Callable[[str], Path]
) -> None:
    write_config("[profiles.default]\nparticipants = []\n")
    result = runner.invoke(app, ["post", "hello"])
    assert result.exit_code == 78
    assert "participants" in result.stderr and "never widened" in result.stderr
    assert len(api.calls) == 0


def test_config_set_participants_refuses_empty_items(runner: CliRunner) -> None:
    for value in ("", ",", "79001234567,,"):
        result = runner.invoke(app, ["config", "set", "participants", value])
        assert result.exit_code == 2, (value, result.output)
