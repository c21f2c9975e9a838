"""Issue 9, config promises: profile values obey post's rules, show tells the effective truth,
init --force keeps the rest of the profile, a named file that is missing is exit 78."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import responses
from helpers import API_URL, SETTINGS_URL, STATE_URL
from helpers.fakeapi import ID_INSTANCE, TOKEN
from typer.testing import CliRunner

from greenstatus.cli import app

FILE = f"""# keep this comment
default_profile = "shop"

[profiles.shop]
# the shop's phone
id_instance = "{ID_INSTANCE}"
api_token_instance = "{TOKEN}"
api_url = "{API_URL}"
background_color = "#000080"  # navy, the shop's colour
font = "SERIF"
participants = ["79001234567@c.us"]
"""


@pytest.mark.parametrize("colour", ["white", "#FFFFFF", "#fefefe", "ivory"])
def test_config_set_refuses_a_background_post_would_refuse(
    runner: CliRunner, write_config: Callable[[str], Path], colour: str
) -> None:
    path = write_config(FILE)
    result = runner.invoke(app, ["config", "set", "background_color", colour])
    assert result.exit_code == 2, result.output
    assert "pass --force" in result.stderr
    assert 'background_color = "#000080"' in path.read_text()
    forced = runner.invoke(app, ["config", "set", "background_color", colour, "--force"])
    assert forced.exit_code == 0, forced.output
    assert "warning: post would refuse this" in forced.stderr


def test_config_set_warns_like_post_below_3_to_1(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    write_config(FILE)
    result = runner.invoke(app, ["config", "set", "background_color", "#999999"])
    assert result.exit_code == 0
    assert "greenstatus: warning: background #999999 has low contrast" in result.stderr
    quiet = runner.invoke(app, ["config", "set", "background_color", "navy"])
    assert "warning" not in quiet.stderr


def test_a_post_failing_on_a_profile_value_names_key_and_profile(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    path = write_config(FILE.replace('"#000080"', '"#FFFFFF"'))
    result = runner.invoke(app, ["post", "hello", "-n"])
    assert result.exit_code == 2
    assert "background_color in profile 'shop'" in result.stderr
    assert str(path) in result.stderr
    # --color on the command line is the user's own value: no profile named.
    result = runner.invoke(app, ["post", "hello", "-n", "-c", "white"])
    assert result.exit_code == 2 and "profile" not in result.stderr


def test_an_invalid_profile_value_names_key_and_profile(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    write_config(FILE.replace('font = "SERIF"', 'font = "COMIC"'))
    result = runner.invoke(app, ["post", "hello", "-n"])
    assert result.exit_code == 78
    assert "key font in [profiles.shop]" in result.stderr


def test_show_and_check_warn_about_a_stored_background_post_refuses(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    write_config(FILE.replace('"#000080"', '"#FFFFFF"'))
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0
    assert "post would refuse" in result.stderr and "profile 'shop'" in result.stderr


def test_check_does_not_say_ready_silently_over_a_refused_background(
    runner: CliRunner, write_config: Callable[[str], Path], api: responses.RequestsMock
) -> None:
    write_config(FILE.replace('"#000080"', '"#FFFFFF"'))
    api.get(STATE_URL, json={"stateInstance": "authorized"})
    api.get(SETTINGS_URL, json={})
    result = runner.invoke(app, ["config", "check"])
    assert result.exit_code == 0
    assert "post would refuse" in result.stderr and "background_color" in result.stderr


def test_show_gives_effective_values_and_sources_for_every_key(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    write_config(f'[profiles.default]\nid_instance = "{ID_INSTANCE}"\n')
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0
    out = result.stdout
    assert "background_color = #228B22    # default" in out
    assert "font = not set (WhatsApp's default)    # default" in out
    assert "participants = all contacts    # default" in out
    assert "api_url = https://api.green-api.com    # default" in out
    assert "timeout = 30.0    # default" in out
    assert "api_token_instance = not set" in out
    assert f"id_instance = {ID_INSTANCE}    # file [profiles.default]" in out
    data = json.loads(runner.invoke(app, ["config", "show", "--json"]).stdout)
    assert data["background_color"] == {"value": "#228B22", "source": "default"}
    assert data["participants"]["value"] == "all contacts"


def test_init_force_replaces_credentials_and_keeps_the_rest(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    path = write_config(FILE)
    result = runner.invoke(
        app,
        ["config", "init", "-p", "shop", "--instance", "1101999999", "--token-stdin"]
        + ["--no-verify", "--force", "--api-url", "https://1101.api.greenapi.com"],
        input="newtokenabcdef1234567890\n",
    )
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert 'id_instance = "1101999999"' in text
    assert 'api_token_instance = "newtokenabcdef1234567890"' in text
    assert 'api_url = "https://1101.api.greenapi.com"' in text
    assert TOKEN not in text
    for kept in (
        "# keep this comment",
        "# the shop's phone",
        'background_color = "#000080"  # navy, the shop\'s colour',
        'font = "SERIF"',
        'participants = ["79001234567@c.us"]',
        'default_profile = "shop"',
    ):
        assert kept in text


MISSING_READERS = [
    ["post", "hello", "-n"],
    ["config", "show"],
    ["config", "get", "font"],
    ["config", "unset", "font"],
    ["config", "profiles"],
    ["config", "use", "shop"],
    ["config", "check"],
]


@pytest.mark.parametrize("args", MISSING_READERS)
@pytest.mark.parametrize("how", ["option", "env"])
def test_a_named_config_file_that_is_missing_is_78(
    runner: CliRunner,
    api: responses.RequestsMock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    how: str,
) -> None:
    missing = tmp_path / "typo" / "confg.toml"
    if how == "env":
        monkeypatch.setenv("GREENSTATUS_CONFIG", str(missing))
        argv = args
    else:
        argv = ["--config", str(missing), *args]
    result = runner.invoke(app, argv)
    assert result.exit_code == 78, result.output
    assert str(missing) in result.stderr and "does not exist" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not missing.exists()


@pytest.mark.parametrize("how", ["option", "env"])
def test_init_and_set_create_a_named_file(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str
) -> None:
    target = tmp_path / "new" / "gs.toml"
    prefix = ["--config", str(target)] if how == "option" else []
    if how == "env":
        monkeypatch.setenv("GREENSTATUS_CONFIG", str(target))
    result = runner.invoke(app, [*prefix, "config", "set", "font", "serif"])
    assert result.exit_code == 0, result.output
    assert 'font = "SERIF"' in target.read_text()
    target.unlink()
    result = runner.invoke(
        app,
        [*prefix, "config", "init", "--instance", "1", "--token-stdin", "--no-verify"],
        input="abcdefghijklmnop\n",
    )
    assert result.exit_code == 0, result.output
    assert 'id_instance = "1"' in target.read_text()


def test_config_path_does_not_need_the_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    result = runner.invoke(app, ["--config", str(missing), "config", "path"])
    assert result.exit_code == 0 and result.stdout == f"{missing}\n"


def test_the_default_file_may_be_missing(runner: CliRunner) -> None:
    assert runner.invoke(app, ["post", "hello", "-n"]).exit_code == 0
