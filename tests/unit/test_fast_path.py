"""post's fast path reads exactly what click would, or leaves the line to click.

The fast path (greenstatus/app/fast_path.py) keeps a copy of post's plain options; these tests
read the live typer command and the values it hands commands/post_run, and compare.
"""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from greenstatus.app import fast_path
from greenstatus.app.framework import load_command
from greenstatus.app.framework.fast import option_table, plain_argument
from greenstatus.cli import app
from greenstatus.commands import post_run


def typer_values(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, Any]:
    """The exit code of `greenstatus post ARGS` through typer, and the values post handed
    commands/post_run (None if it never got there)."""
    handed: list[Any] = []
    with monkeypatch.context() as patch:
        patch.setattr(post_run, "run", lambda config, values: handed.append((config, values)))
        result = CliRunner().invoke(app, ["post", *args])
    if not handed:
        return result.exit_code, None
    (config, values), *_ = handed
    assert config is None
    return result.exit_code, dict(values)


def post_command() -> Any:
    return load_command("post", "greenstatus.commands.post", "post")


def test_the_table_is_the_one_the_typer_command_declares() -> None:
    expected = option_table(post_command())
    assert fast_path.OPTIONS == expected, (
        "post's options changed: put this table in greenstatus/app/fast_path.py:\n"
        + "\n".join(f"    {name!r}: {entry!r}," for name, entry in expected.items())
    )
    assert fast_path.ARGUMENT == plain_argument(post_command()) == "text"


def test_the_defaults_are_what_typer_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert typer_values([], monkeypatch) == (0, fast_path.DEFAULTS)
    assert set(fast_path.DEFAULTS) == post_run.PostValues.__required_keys__


def test_options_with_a_check_are_left_out_of_the_table() -> None:
    # A number, a range, a choice or a callback: click converts and checks them.
    for name in ("--timeout", "--retries", "--wait", "--wait-timeout", "--help", "-h"):
        assert name not in fast_path.OPTIONS


ACCEPTED = [
    [],
    ["hello"],
    [""],
    ["-"],
    ["Привет, мир 👋"],
    ["--", "-20% today"],
    ["--color", "navy", "--", "--x"],
    ["--color=navy", "x"],
    ["--color=", "x"],
    ["-c", "navy", "-f", "SERIF", "Open"],
    ["Open", "--font", "SERIF"],
    ["-t", "+7 900 123-45-67", "--to", "79007654321", "--except", "Boris,Anna", "x"],
    ["--to=a", "-t", "b"],
    ["--file", "-"],
    ["-F", "news.txt", "--to-file", "list.txt"],
    ["x", "-n", "--json", "-q", "-v", "--truncate", "--force", "--allow-duplicate"],
    ["--no-outbox", "x"],
    ["--outbox", "x"],
    ["--media", "offer.jpg", "Today only"],
    ["--voice", "https://example.com/hello.mp3", "--color", "navy"],
    ["--at", "09:00", "x"],
    ["--in", "15m", "x"],
    ["-p", "north", "x"],
    ["--profile=north", "x"],
]

DECLINED = [
    ["--help"],
    ["-h"],
    ["x", "--timeout", "5"],
    ["x", "--retries", "0"],
    ["x", "--wait"],
    ["x", "--wait", "read"],
    ["x", "--wait-timeout", "30"],
    ["a", "b"],
    ["--color"],
    ["--color", "-x", "y"],
    ["--color", "--", "y"],
    ["--dry-run=1", "x"],
    ["-nq", "x"],
    ["-cnavy", "x"],
    ["-c=navy", "x"],
    ["--colour", "navy", "x"],
    ["--color", "a", "--color", "b", "x"],
    ["--outbox", "--no-outbox", "x"],
    ["-n", "-n", "x"],
    ["-p", "north", "-p", "south", "x"],
    ["--all-profiles", "x"],
    ["-5"],
]


@pytest.mark.parametrize("args", ACCEPTED, ids=repr)
def test_a_plain_line_reads_as_typer_reads_it(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    values = fast_path.post_values(args)
    assert values is not None
    assert typer_values(args, monkeypatch) == (0, dict(values))


@pytest.mark.parametrize("args", DECLINED, ids=repr)
def test_any_other_line_is_left_to_click(args: list[str]) -> None:
    assert fast_path.post_values(args) is None


def test_the_fast_path_does_not_change_its_arguments() -> None:
    args = ["-c", "navy", "x"]
    fast_path.post_values(args)
    assert args == ["-c", "navy", "x"]
