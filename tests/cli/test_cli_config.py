"""`greenstatus config` through CliRunner, real subprocesses, and a pseudo-terminal."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
import responses
from helpers import API_URL, SETTINGS_URL, STATE_URL
from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI
from typer.testing import CliRunner

from greenstatus.cli import app

FILE = f"""# keep this comment
default_profile = "shop"

[profiles.shop]
id_instance = "{ID_INSTANCE}"
api_token_instance = "{TOKEN}"
api_url = "{API_URL}"
"""


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
    env["GREENSTATUS_CONFIG"] = str(tmp_path / "conf" / "config.toml")
    env.update(extra)
    return env


def test_path_prints_the_file(runner: CliRunner, isolated: Path) -> None:
    result = runner.invoke(app, ["config", "path"])
    assert result.stdout == f"{isolated}\n"
    other = runner.invoke(app, ["--config", "/tmp/other.toml", "config", "path"])
    assert other.stdout == "/tmp/other.toml\n"


def test_init_non_interactive_writes_profile_without_verify(
    runner: CliRunner, isolated: Path
) -> None:
    result = runner.invoke(
        app,
        [
            "config",
            "init",
            "--instance",
            ID_INSTANCE,
            "--token-stdin",
            "--no-verify",
            "--api-url",
            "https://1101.api.greenapi.com/",
        ],
        input=TOKEN + "\n",
    )
    assert result.exit_code == 0, result.output
    assert TOKEN not in result.output
    text = isolated.read_text()
    assert 'default_profile = "default"' in text
    assert 'api_url = "https://1101.api.greenapi.com"' in text
    assert stat.S_IMODE(isolated.stat().st_mode) == 0o600


def test_init_refuses_to_replace_without_force_and_leaves_file_untouched(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    path = write_config(FILE)
    args = ["config", "init", "-p", "shop", "--instance", "1", "--token-stdin", "--no-verify"]
    result = runner.invoke(app, args, input="othertoken123456\n")
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert path.read_text() == FILE
    forced = runner.invoke(app, [*args, "--force"], input="othertoken123456\n")
    assert forced.exit_code == 0
    assert 'id_instance = "1"' in path.read_text() and "# keep this comment" in path.read_text()


def test_init_default_flag_and_first_profile_rule(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    path = write_config(FILE)
    base = ["config", "init", "--instance", "7", "--token-stdin", "--no-verify"]
    assert runner.invoke(app, [*base, "-p", "b"], input="tok123456789\n").exit_code == 0
    assert 'default_profile = "shop"' in path.read_text()
    assert (
        runner.invoke(app, [*base, "-p", "c", "--default"], input="tok123456789\n").exit_code == 0
    )
    assert 'default_profile = "c"' in path.read_text()


@pytest.mark.parametrize(
    ("args", "stdin", "fragment"),
    [
        (["--instance", "12ab", "--token-stdin"], "tok", "1 to 10 digits"),
        (["--instance", "1", "--token-stdin", "--api-url", "https://x/y"], "tok", "no path"),
        (["--instance", "1", "--token-stdin"], "has space", "letters and digits"),
        (["--instance", "1"], "", "--token-stdin"),
        (["--token-stdin"], "tok", "--instance"),
        (["-p", "bad name", "--instance", "1", "--token-stdin"], "tok", "profile name"),
    ],
)
def test_init_validation_errors_exit_2(
    runner: CliRunner, isolated: Path, args: list[str], stdin: str, fragment: str
) -> None:
    result = runner.invoke(app, ["config", "init", "--no-verify", *args], input=stdin)
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert not isolated.exists()


@pytest.mark.parametrize(
    ("state", "code"),
    [
        ("authorized", 0),
        ("notAuthorized", 69),
        ("blocked", 69),
        ("starting", 75),
        ("sleepMode", 69),
        ("yellowCard", 69),
        (None, 75),
    ],
)
@pytest.mark.e2e
def test_check_reports_each_state(
    exe: str, tmp_path: Path, write_config: Callable[[str], Path], state: str | None, code: int
) -> None:
    with FakeAPI(state=state) as server:  # type: ignore[arg-type]
        path = write_config(FILE.replace(API_URL, server.url))
        env = clean_env(tmp_path, GREENSTATUS_CONFIG=str(path))
        result = subprocess.run(
            [exe, "config", "check"], env=env, capture_output=True, text=True, timeout=60
        )
        as_json = subprocess.run(
            [exe, "config", "check", "--json"], env=env, capture_output=True, text=True, timeout=60
        )
    assert result.returncode == code, result.stderr
    assert f"state: {state or 'starting'}" in result.stdout
    assert json.loads(as_json.stdout)["state"] == (state or "starting")
    assert as_json.returncode == code
    if state == "authorized":
        assert "send_delay_ms: 5000" in result.stdout
    if state == "notAuthorized":
        assert "QR code" in result.stdout
    assert TOKEN not in result.stdout + result.stderr


def test_check_with_rejected_token_is_77(
    runner: CliRunner, write_config: Callable[[str], Path], api: responses.RequestsMock
) -> None:
    write_config(FILE)
    api.get(STATE_URL, status=401, body="Unauthorized")
    result = runner.invoke(app, ["config", "check"])
    assert result.exit_code == 77
    assert TOKEN not in result.output


def test_check_authorized_shows_settings(
    runner: CliRunner, write_config: Callable[[str], Path], api: responses.RequestsMock
) -> None:
    write_config(FILE)
    api.get(STATE_URL, json={"stateInstance": "authorized"})
    api.get(SETTINGS_URL, json={"delaySendMessagesMilliseconds": 3000, "outgoingWebhook": "no"})
    result = runner.invoke(app, ["config", "check"])
    assert result.exit_code == 0
    assert "send_delay_ms: 3000" in result.stdout and "outgoing_webhook: no" in result.stdout


@pytest.mark.e2e
def test_init_verifies_against_the_server(exe: str, tmp_path: Path) -> None:
    with FakeAPI(state="notAuthorized") as server:
        env = clean_env(tmp_path)
        good = subprocess.run(
            [
                exe,
                "config",
                "init",
                "--instance",
                ID_INSTANCE,
                "--api-url",
                server.url,
                "--token-stdin",
            ],
            input=TOKEN,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        bad = subprocess.run(
            [
                exe,
                "config",
                "init",
                "-p",
                "bad",
                "--instance",
                ID_INSTANCE,
                "--api-url",
                server.url,
                "--token-stdin",
            ],
            input="wrongtoken123456",
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert good.returncode == 0, good.stderr
    assert "notAuthorized" in good.stderr and "QR code" in good.stderr
    assert bad.returncode == 77
    config = Path(env["GREENSTATUS_CONFIG"]).read_text()
    assert "[profiles.default]" in config and "[profiles.bad]" not in config
    assert TOKEN not in good.stdout + good.stderr


@pytest.mark.e2e
def test_interactive_init_hides_the_token(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as server:
        env = clean_env(tmp_path)
        child = pexpect.spawn(exe, ["config", "init"], env=env, encoding="utf-8", timeout=30)
        transcript: list[str] = []
        child.logfile_read = _Collect(transcript)
        child.expect("idInstance")
        child.sendline(ID_INSTANCE)
        child.expect(r"apiUrl \[https://api.green-api.com\]")
        child.sendline(server.url)
        child.expect("apiTokenInstance")
        child.sendline(TOKEN)
        child.expect(pexpect.EOF)
        child.close()
    assert child.exitstatus == 0, "".join(transcript)
    assert TOKEN not in "".join(transcript)
    assert "authorized" in "".join(transcript)
    assert TOKEN in Path(env["GREENSTATUS_CONFIG"]).read_text()


class _Collect:
    def __init__(self, into: list[str]) -> None:
        self.into = into

    def write(self, data: str) -> None:
        self.into.append(data)

    def flush(self) -> None:
        pass


def test_show_masks_token_and_names_sources(
    runner: CliRunner, write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(FILE)
    monkeypatch.setenv("GREENSTATUS_API_URL", "http://127.0.0.1:1")
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0
    assert TOKEN not in result.output
    assert "api_token_instance = d75b…2345    # file [profiles.shop]" in result.stdout
    assert "api_url = http://127.0.0.1:1    # env GREENSTATUS_API_URL" in result.stdout
    assert "profile = shop    # file default_profile" in result.stdout
    data = json.loads(runner.invoke(app, ["config", "show", "--json"]).stdout)
    assert data["api_token_instance"] == {"value": "d75b…2345", "source": "file [profiles.shop]"}
    assert data["timeout"]["source"] == "default"


def test_get_set_unset_round_trip(runner: CliRunner, write_config: Callable[[str], Path]) -> None:
    path = write_config(FILE)
    assert runner.invoke(app, ["config", "set", "background_color", "navy"]).exit_code == 0
    assert runner.invoke(app, ["config", "get", "background_color"]).stdout == "#000080\n"
    assert (
        runner.invoke(
            app, ["config", "set", "participants", "+7 900 123-45-67, 79007654321"]
        ).exit_code
        == 0
    )
    assert runner.invoke(app, ["config", "get", "participants"]).stdout == (
        "79001234567@c.us,79007654321@c.us\n"
    )
    assert runner.invoke(app, ["config", "get", "api_token_instance"]).stdout == "d75b…2345\n"
    assert runner.invoke(app, ["config", "unset", "background_color"]).exit_code == 0
    missing = runner.invoke(app, ["config", "get", "background_color"])
    assert missing.exit_code == 78 and missing.stdout == ""
    assert "# keep this comment" in path.read_text()


def test_set_token_only_from_stdin(runner: CliRunner, write_config: Callable[[str], Path]) -> None:
    path = write_config(FILE)
    refused = runner.invoke(app, ["config", "set", "api_token_instance", "newtoken1234567"])
    assert refused.exit_code == 2 and "stdin" in refused.stderr
    accepted = runner.invoke(
        app, ["config", "set", "api_token_instance", "-"], input="newtoken1234567\n"
    )
    assert accepted.exit_code == 0
    assert "newtoken1234567" not in accepted.output
    assert 'api_token_instance = "newtoken1234567"' in path.read_text()


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["config", "set", "colour", "navy"], 2, "known keys: id_instance"),
        (["config", "get", "colour"], 2, "known keys"),
        (["config", "unset", "colour"], 2, "known keys"),
        (["config", "set", "font", "comic"], 2, "unknown font"),
        (["config", "set", "background_color", "white"], 2, "pass --force"),
        (["config", "set", "background_color", "white", "--force"], 0, ""),
        (["config", "set", "participants", "123"], 2, "7 to 15 digits"),
        (["config", "set", "timeout", "0"], 2, "seconds"),
        (["config", "use", "nope"], 78, "profiles there: shop"),
        (["config", "get", "font", "-p", "nope"], 78, "profiles there: shop"),
        (["config", "set", "font", "serif", "-p", "nope"], 78, "profiles there: shop"),
        (["config", "show", "-p", "nope"], 78, "profiles there: shop"),
        (["post", "x", "-p", "nope"], 78, "profiles there: shop"),
    ],
)
def test_config_error_paths(
    runner: CliRunner,
    write_config: Callable[[str], Path],
    args: list[str],
    code: int,
    fragment: str,
) -> None:
    path = write_config(FILE)
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert fragment in result.stderr
    if code:
        assert path.read_text() == FILE


def test_profiles_and_use(runner: CliRunner, write_config: Callable[[str], Path]) -> None:
    write_config(FILE + '\n[profiles.home]\nid_instance = "2"\n')
    assert runner.invoke(app, ["config", "profiles"]).stdout == "* shop\n  home\n"
    assert runner.invoke(app, ["config", "use", "home"]).exit_code == 0
    assert runner.invoke(app, ["config", "profiles"]).stdout == "  shop\n* home\n"
    listed = json.loads(runner.invoke(app, ["config", "profiles", "--json"]).stdout)
    assert listed == [{"name": "shop", "default": False}, {"name": "home", "default": True}]


def test_broken_file_is_78_for_every_reader(
    runner: CliRunner, write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config("this is = = not toml\n")
    for args in (
        ["config", "show"],
        ["config", "get", "font"],
        ["post", "hi"],
        ["config", "set", "font", "serif"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 78, (args, result.output)
        assert "line 1" in result.stderr


def test_readable_config_warns_on_every_run(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    path = write_config(FILE)
    path.chmod(0o640)
    result = runner.invoke(app, ["post", "hi", "-n"])
    assert result.exit_code == 0
    assert f"chmod 600 {path}" in result.stderr


def test_global_config_option_reaches_subcommands(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "gs.toml"
    result = runner.invoke(app, ["--config", str(other), "config", "set", "font", "serif"])
    assert result.exit_code == 0, result.output
    assert 'font = "SERIF"' in other.read_text()


def test_readable_config_warns_for_config_commands_too(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    path = write_config(FILE)
    path.chmod(0o644)
    for args in (["config", "get", "id_instance"], ["config", "profiles"]):
        assert f"chmod 600 {path}" in runner.invoke(app, args).stderr
