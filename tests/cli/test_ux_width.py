"""Issue 9, output fits the terminal: nothing cut down to 40 columns, brackets shown literally,
and the real width used even with TERM=dumb."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
import typer.main
from helpers.fakeapi import ID_INSTANCE, TOKEN
from typer.testing import CliRunner

from greenstatus import output
from greenstatus.cli import app
from greenstatus.rules.fonts import FONT_NAMES

WIDTHS = [40, 52, 60, 80, 120]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
FILE = f"""default_profile = "shop"

[profiles.shop]
id_instance = "{ID_INSTANCE}"
api_token_instance = "{TOKEN}"
api_url = "https://7105.api.greenapi.com"
participants = ["79001234567@c.us", "442000001234@c.us", "4915112345678@c.us"]
"""


def _subcommands(cmd: click.Command) -> dict[str, click.Command]:
    # The root loads its commands lazily: `.commands` holds only those loaded so far.
    if not isinstance(cmd, click.Group):
        return {}
    ctx = click.Context(cmd)
    found = {name: cmd.get_command(ctx, name) for name in cmd.list_commands(ctx)}
    return {name: sub for name, sub in found.items() if sub is not None}


def commands() -> Iterator[tuple[list[str], click.Command]]:
    def walk(cmd: click.Command, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
        yield path, cmd
        for name, sub in _subcommands(cmd).items():
            yield from walk(sub, [*path, name])

    yield from walk(typer.main.get_command(app), [])


def test_the_walk_reaches_every_command() -> None:
    assert len(list(commands())) == 27  # contacts, sync, report (18, 19) and outbox import (20)


def whole(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


@pytest.mark.parametrize("columns", WIDTHS)
def test_help_never_cuts_an_option_or_command_name(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    for path, cmd in commands():
        result = runner.invoke(app, [*path, "-h"])
        assert result.exit_code == 0, (path, result.output)
        text = result.stdout
        for param in cmd.params:
            if isinstance(param, click.Option):
                for name in param.opts + param.secondary_opts:
                    assert whole(name, text), (path, columns, name, text)
        for name in _subcommands(cmd):
            assert whole(name, text), (path, columns, name)
        in_examples = False
        for line in text.splitlines():
            # Examples are kept verbatim (the terminal wraps them, a copy pastes whole).
            if line.strip() in ("Example", "Examples"):
                in_examples = True
            elif line and not line.startswith(" "):
                in_examples = False
            if in_examples and line.startswith("    "):
                continue
            assert len(line.rstrip()) <= columns, (path, columns, line)
        for tag in ("[bold]", "[/bold]", "[italic]", "╭", "│"):
            assert tag not in text


@pytest.mark.parametrize("columns", [40, 100])
def test_help_shows_square_brackets_literally(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    text = runner.invoke(app, ["config", "init", "-h"]).stdout
    assert "https://api.green-api.com" in text and "[default:" in text
    if columns >= 100:
        assert "[default: https://api.green-api.com]" in text
    wide = runner.invoke(app, ["post", "-h"], env={"COLUMNS": "200"}).stdout
    assert "[default: 3; 0<=x<=10]" in wide


@pytest.mark.parametrize("columns", WIDTHS)
def test_fonts_on_a_terminal_keep_every_name_whole(
    runner: CliRunner, on_terminal: pytest.MonkeyPatch, columns: int
) -> None:
    on_terminal.setenv("COLUMNS", str(columns))
    text = ANSI.sub("", runner.invoke(app, ["fonts"]).stdout)
    for name in FONT_NAMES:
        assert whole(name, text), (columns, text)
    assert "heavy condensed" in text
    for line in text.splitlines():
        if not line.startswith("sample: "):
            assert len(line) <= columns, line
    if columns < 60:
        assert "name: OSWALD_HEAVY" in text and "┃" not in text
    if columns >= 80:
        assert "┃ name" in text


@pytest.mark.parametrize("columns", WIDTHS)
def test_config_show_keeps_paths_keys_and_brackets(
    runner: CliRunner,
    on_terminal: pytest.MonkeyPatch,
    write_config: Callable[[str], Path],
    columns: int,
) -> None:
    path = write_config(FILE)
    on_terminal.setenv("COLUMNS", str(columns))
    text = ANSI.sub("", runner.invoke(app, ["config", "show"]).stdout)
    assert TOKEN not in text
    assert "[profiles.shop]" in text, text
    for word in (str(path), "api_token_instance", "background_color", "#228B22"):
        assert word in text, (columns, word, text)
    assert "79001234567@c.us,442000001234@c.us,4915112345678@c.us" in text


@pytest.mark.parametrize("columns", WIDTHS)
def test_preview_keeps_recipients_url_and_facts_whole(
    runner: CliRunner,
    on_terminal: pytest.MonkeyPatch,
    write_config: Callable[[str], Path],
    columns: int,
) -> None:
    write_config(FILE)
    on_terminal.setenv("COLUMNS", str(columns))
    result = runner.invoke(app, ["post", "Fresh bread at 7", "-n", "-f", "oswald-heavy"])
    assert result.exit_code == 0
    text = ANSI.sub("", result.stdout)
    assert TOKEN not in text
    url_line = f"POST https://7105.api.greenapi.com/waInstance{ID_INSTANCE}/sendTextStatus/"
    assert url_line in text
    for word in ("79001234567@c.us", "442000001234@c.us", "4915112345678@c.us", "OSWALD_HEAVY"):
        assert word in text
    assert "#228B22" in text


def test_width_follows_columns_then_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "41")
    monkeypatch.setenv("TERM", "dumb")
    assert output.width() == 41


@pytest.mark.parametrize("args", [["fonts"], ["post", "-h"], ["config", "show"]])
@pytest.mark.e2e
def test_a_dumb_40_column_terminal_is_not_taken_for_80(exe: str, args: list[str]) -> None:
    import pexpect

    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env.update(TERM="dumb")
    child = pexpect.spawn(exe, args, env=env, encoding="utf-8", timeout=20, dimensions=(80, 40))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = ANSI.sub("", child.before or "")
    for line in text.splitlines():
        if line.startswith(("sample: ", "config file: ", "    from: ")):
            continue  # prose and a path: the terminal wraps them, nothing is cut
        if line.startswith("    ") and "greenstatus" in line:
            continue
        assert len(line.rstrip("\r")) <= 40, line
    if args == ["fonts"]:
        assert "name: NORICAN_REGULAR" in text
    if args == ["config", "show"]:
        assert "api_url: https://api.green-api.com" in text and "┃" not in text
    if args == ["post", "-h"]:
        assert "--dry-run" in text and "--to-file PATH" in text


def test_confirmations_show_brackets_in_paths_literally(
    runner: CliRunner, on_terminal: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "[work]" / "config.toml"
    result = runner.invoke(app, ["--config", str(target), "config", "set", "font", "serif"])
    assert result.exit_code == 0, result.output
    assert str(target) in ANSI.sub("", result.stderr)
