"""Start-up: `--version` and a plain `post` run without click or typer; `--version` says what
the app's option says."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import modules_after, run
from typer.testing import CliRunner

from greenstatus.cli import app


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_says_what_the_apps_option_says(flag: str, exe: str, tmp_path: Path) -> None:
    installed = run(exe, [flag], {})
    in_process = CliRunner().invoke(app, [flag])
    assert installed.returncode == in_process.exit_code == 0
    assert installed.stdout == in_process.stdout
    assert installed.stdout.startswith("greenstatus ") and installed.stderr == ""


def test_version_loads_neither_click_nor_typer_nor_the_config() -> None:
    names = ("click", "typer", "greenstatus.cli", "greenstatus.config")
    assert modules_after(["--version"], Path("."), names) == set()


def test_version_with_anything_else_goes_through_the_app(exe: str) -> None:
    # Only the whole line `--version` is answered early: click still parses every other one.
    result = run(exe, ["--version", "--nonsense"], {})
    assert result.returncode == 2 and "no such option --nonsense" in result.stderr
    assert result.stdout == ""
    assert modules_after(["--version", "fonts"], Path("."), ("click",)) == {"click"}


@pytest.mark.parametrize("args", [["--version"], ["--config", "x", "--version"]])
def test_version_to_a_closed_stdout_is_a_broken_pipe(args: list[str], exe: str) -> None:
    # Both paths: the early answer and the app's option (--config makes the line longer).
    result = run("sh", ["-c", 'exec "$0" "$@" >&-', exe, *args], {})
    assert result.returncode == 141, result.stderr
    assert result.stderr == ""


def test_a_plain_post_loads_neither_click_nor_typer(tmp_path: Path) -> None:
    """post's fast path: the line needs nothing of click's (issue 17's start-up budget)."""
    line = ["post", "hello", "-c", "navy", "--dry-run"]
    assert modules_after(line, tmp_path, ("click", "typer")) == set()


@pytest.mark.parametrize(
    "line",
    [["post", "hello", "--timeout", "5", "--dry-run"], ["post", "-nq", "hello"], ["post", "-h"]],
)
def test_a_post_that_needs_click_goes_through_the_app(line: list[str], tmp_path: Path) -> None:
    assert modules_after(line, tmp_path, ("click",)) == {"click"}
