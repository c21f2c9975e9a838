"""Issue 9, usage errors: one plain line on stderr, JSON under --json, "did you mean" once."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from helpers import check_one_line
from typer.testing import CliRunner

from greenstatus.cli import app
from greenstatus.errors import UsageError
from greenstatus.rules import colors, fonts

CASES = [
    (["post", "--colr", "red", "x"], "no such option --colr (did you mean --color?)"),
    (["pots", "x"], "no such command 'pots' (did you mean 'post'?)"),
    (["config", "sett", "font", "serif"], "no such command 'sett' (did you mean 'set'?)"),
    (["post", "--retries", "abc", "x"], "invalid value for '--retries'"),
    (["post", "--retries", "99", "x"], "invalid value for '--retries'"),
    (["config", "get"], "missing argument 'KEY'"),
    (["post", "x", "--to"], "option '--to' requires an argument; see 'greenstatus post -h'"),
    (["--bogus"], "no such option --bogus"),
    (["completion", "tcsh"], "invalid value for 'SHELL"),
]


@pytest.mark.parametrize(("args", "expected"), CASES)
def test_usage_errors_are_one_line_through_clirunner(
    runner: CliRunner, args: list[str], expected: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    check_one_line(result.stderr, expected)
    assert result.stdout == ""


@pytest.mark.parametrize(("args", "expected"), CASES)
def test_usage_errors_carry_json_when_asked(
    runner: CliRunner, args: list[str], expected: str
) -> None:
    # --json anywhere on the line, even where the failing command has no such option.
    result = runner.invoke(app, [*args[:1], "--json", *args[1:]])
    assert result.exit_code == 2
    check_one_line(result.stderr, "")
    error = json.loads(result.stdout)["error"]
    assert error["exit_code"] == 2 and error["http_status"] is None
    assert error["message"] == result.stderr.strip().removeprefix("greenstatus: error: ")


@pytest.mark.parametrize(("args", "expected"), CASES[:4])
@pytest.mark.e2e
def test_usage_errors_are_one_line_from_the_installed_command(
    exe: str, args: list[str], expected: str
) -> None:
    env = {**os.environ, "COLUMNS": "40", "TERM": "dumb"}
    result = subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=30)
    assert result.returncode == 2
    check_one_line(result.stderr, expected)
    assert result.stdout == ""
    result = subprocess.run(
        [exe, *args, "--json"], capture_output=True, text=True, env=env, timeout=30
    )
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]["exit_code"] == 2


@pytest.mark.parametrize(
    ("given", "suggestion"),
    [("blurple", "purple"), ("forrestgreen", "forestgreen"), ("navvy", "navy")],
)
def test_unknown_colour_names_get_one_suggestion(given: str, suggestion: str) -> None:
    with pytest.raises(UsageError, match=rf"did you mean {suggestion}\?"):
        colors.parse_color(given)


@pytest.mark.parametrize(
    ("given", "suggestion"),
    [
        ("serf", "SERIF"),
        ("sans", "SANS_SERIF"),
        ("oswald", "OSWALD_HEAVY"),
        ("bryndan", "BRYNDAN_WRITE"),
    ],
)
def test_unknown_fonts_get_one_suggestion(given: str, suggestion: str) -> None:
    with pytest.raises(UsageError, match=rf"did you mean {suggestion}\?"):
        fonts.parse_font(given)


def test_suggestions_reach_the_user_once(runner: CliRunner) -> None:
    result = runner.invoke(app, ["post", "x", "-n", "-c", "blurple"])
    assert result.exit_code == 2
    check_one_line(result.stderr, "did you mean purple?")


@pytest.mark.parametrize(
    ("name", "hex_value"),
    [("rebeccapurple", "#663399"), ("RebeccaPurple", "#663399"), ("forestgreen", "#228B22")],
)
def test_css_color_4_names_are_accepted(name: str, hex_value: str) -> None:
    assert colors.parse_color(name) == hex_value


def test_every_css_color_4_name_is_known() -> None:
    import webcolors

    known = set(colors.names())
    assert set(webcolors.names("css3")) | {"rebeccapurple"} <= known
    assert len(known) == 148
    for name in known:
        assert colors.parse_color(name).startswith("#")


def test_non_ascii_letters_are_not_colour_names() -> None:
    with pytest.raises(UsageError):
        colors.parse_color("\uff52\uff45\uff44")  # fullwidth "red"


@pytest.mark.parametrize("args", [["fonts"], ["post", "--timeout", "5", "x"], ["outbox", "list"]])
def test_ctrl_c_while_a_command_loads_says_nothing_was_sent(
    runner: CliRunner, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # typer ends a KeyboardInterrupt outside a command's boundary as a silent exit 130.
    from greenstatus.app.framework import groups

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(groups, "load_command", interrupted)
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr) == (
        130,
        "greenstatus: interrupted; nothing was sent\n",
    )
    assert result.stdout == ""
