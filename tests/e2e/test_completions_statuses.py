"""Static completion of `list`, `stats` and `delete` in real bash, zsh and fish."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.shells import bash_complete, fish_complete, zsh_complete

CASES = [
    ("greenstatus ", {"list", "stats", "delete"}, set()),
    ("greenstatus list --", {"--minutes", "--incoming", "--json", "--profile"}, {"--yes"}),
    ("greenstatus stats ", {"last"}, set()),
    ("greenstatus delete ", {"last"}, set()),
    ("greenstatus delete --", {"--yes", "--profile", "--verbose"}, {"--json"}),
    ("greenstatus stats -p ", {"shop", "home"}, set()),
]


@pytest.mark.parametrize(("line", "wanted", "unwanted"), CASES)
def test_bash(line: str, wanted: set[str], unwanted: set[str], shell_env: dict[str, str]) -> None:
    got = set(bash_complete(line.split(" "), shell_env))
    assert wanted <= got and not (unwanted & got), got


@pytest.mark.parametrize(("line", "wanted", "unwanted"), CASES)
def test_zsh(
    line: str, wanted: set[str], unwanted: set[str], shell_env: dict[str, str], tmp_path: Path
) -> None:
    got = zsh_complete(line, shell_env, tmp_path)
    assert wanted <= got and not (unwanted & got), got


@pytest.mark.parametrize(("line", "wanted", "unwanted"), CASES)
def test_fish(line: str, wanted: set[str], unwanted: set[str], shell_env: dict[str, str]) -> None:
    got = fish_complete(line, shell_env)
    assert wanted <= got and not (unwanted & got), got


def test_bash_minutes_value_is_not_taken_for_the_id(shell_env: dict[str, str]) -> None:
    """--minutes takes a value, so the word after it is not a positional."""
    got = bash_complete(["greenstatus", "list", "--minutes", "60", "--inc"], shell_env)
    assert got == ["--incoming"]
