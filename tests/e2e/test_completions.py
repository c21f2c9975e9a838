"""Static completion scripts: no drift from the app, installed by the wheel, and working in
real bash, zsh and fish."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from helpers import ROOT
from helpers.shells import SCRIPTS, bash_complete, fish_complete, zsh_complete
from typer.testing import CliRunner

from greenstatus.cli import app

INSTALLED = {
    "bash": "share/bash-completion/completions/greenstatus",
    "zsh": "share/zsh/site-functions/_greenstatus",
    "fish": "share/fish/vendor_completions.d/greenstatus.fish",
}
FONTS = {"SERIF", "SANS_SERIF", "NORICAN_REGULAR", "BRYNDAN_WRITE", "OSWALD_HEAVY"}


@pytest.mark.parametrize("shell", list(SCRIPTS))
def test_committed_scripts_match_the_generator(runner: CliRunner, shell: str) -> None:
    generated = runner.invoke(app, ["completion", shell]).stdout
    committed = SCRIPTS[shell].read_text()
    assert committed == generated, (
        f"completions/ is stale; regenerate with: greenstatus completion {shell} > "
        f"{SCRIPTS[shell].relative_to(ROOT)}"
    )


@pytest.mark.parametrize("shell", list(SCRIPTS))
def test_the_install_places_scripts_in_standard_folders(shell: str) -> None:
    installed = Path(sys.prefix) / INSTALLED[shell]
    assert installed.read_text() == SCRIPTS[shell].read_text(), (
        f"{installed} differs from completions/; reinstall with pip install '.[test]'"
    )


CASES = [
    ("greenstatus p", {"post"}, set()),
    ("greenstatus ", {"post", "fonts", "completion", "config"}, set()),
    ("greenstatus post --font ", FONTS, set()),
    ("greenstatus post -f S", {"SERIF", "SANS_SERIF"}, {"OSWALD_HEAVY"}),
    ("greenstatus post --color forest", {"forestgreen"}, set()),
    ("greenstatus post --dry", {"--dry-run"}, set()),
    ("greenstatus post --t", {"--to", "--to-file", "--timeout", "--truncate"}, set()),
    (
        "greenstatus config ",
        {"init", "show", "get", "set", "unset", "profiles", "use", "path", "check"},
        set(),
    ),
    ("greenstatus config set ", {"background_color", "font", "participants"}, set()),
    ("greenstatus config set font ", FONTS, set()),
    ("greenstatus config use ", {"shop", "home"}, set()),
    ("greenstatus post --profile ", {"shop", "home"}, set()),
    ("greenstatus completion ", {"bash", "zsh", "fish"}, set()),
    # Issue 9: fonts complete case-insensitively, as post accepts them.
    ("greenstatus post -f s", {"SERIF", "SANS_SERIF"}, {"OSWALD_HEAVY"}),
    ("greenstatus post --font oswald", {"OSWALD_HEAVY"}, set()),
    ("greenstatus config set font bry", {"BRYNDAN_WRITE"}, set()),
    ("greenstatus post -c rebecca", {"rebeccapurple"}, set()),
    ("greenstatus config init --", {"--instance", "--token-stdin", "--no-verify"}, set()),
]


@pytest.mark.parametrize(("line", "wanted", "unwanted"), CASES)
def test_bash(line: str, wanted: set[str], unwanted: set[str], shell_env: dict[str, str]) -> None:
    words = line.split(" ")
    got = set(bash_complete(words, shell_env))
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


def test_bash_completes_files_after_file_options(shell_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "news.txt").write_text("x")
    got = bash_complete(["greenstatus", "post", "-F", f"{tmp_path}/ne"], shell_env)
    assert got == [f"{tmp_path}/news.txt"]


def test_bash_profiles_follow_the_config_option(shell_env: dict[str, str], tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text("[profiles.elsewhere]\n")
    got = bash_complete(["greenstatus", "--config", str(other), "post", "-p", ""], shell_env)
    assert got == ["elsewhere"]


def test_static_words_do_not_start_python(shell_env: dict[str, str], tmp_path: Path) -> None:
    """With no greenstatus on PATH, static completion still answers: it never runs the program."""
    env = {**shell_env, "PATH": "/usr/bin:/bin"}
    assert set(bash_complete(["greenstatus", "post", "--font", ""], env)) == FONTS
    assert fish_complete("greenstatus post --font ", env) == FONTS
    assert zsh_complete("greenstatus post --font ", env, tmp_path) == FONTS


@pytest.fixture
def no_python(shell_env: dict[str, str], tmp_path: Path) -> tuple[dict[str, str], Path]:
    """PATH where greenstatus, python and python3 only record that they ran, and fail."""
    fake = tmp_path / "fakebin"
    fake.mkdir()
    ran = tmp_path / "ran.txt"
    for name in ("greenstatus", "python", "python3"):
        exe = fake / name
        exe.write_text(f"#!/bin/sh\necho \"$0\" >> '{ran}'\nexit 1\n")
        exe.chmod(0o755)
    return {**shell_env, "PATH": f"{fake}:/usr/bin:/bin"}, ran


@pytest.mark.parametrize("line", ["greenstatus post --profile ", "greenstatus config use "])
def test_profile_names_start_no_python(
    no_python: tuple[dict[str, str], Path], tmp_path: Path, line: str
) -> None:
    env, ran = no_python
    assert set(bash_complete(line.split() + [""], env)) == {"shop", "home"}
    assert zsh_complete(line, env, tmp_path) == {"shop", "home"}
    assert fish_complete(line, env) == {"shop", "home"}
    assert not ran.exists(), ran.read_text()


def test_profile_names_follow_config_and_take_quoted_names(
    no_python: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, ran = no_python
    other = tmp_path / "other.toml"
    other.write_text(
        '[profiles."my shop"]\nid_instance = "1"\n'
        "[ profiles . 'lit' ]  # a comment\n"
        "[profiles.home.extra]\n[[profiles.many]]\n[profiles_x.no]\n"
        '[profiles.b-2]\r\nvalue = "[profiles.inside]"\n'
    )
    line = f"greenstatus --config {other} post -p "
    assert bash_complete([*line.split(), ""], env) == ["my\\ shop", "lit", "b-2"]
    assert zsh_complete(line, env, tmp_path) == {"my\\", "shop", "lit", "b-2"}
    assert fish_complete(line, env) == {"my shop", "lit", "b-2"}
    assert fish_complete(f"greenstatus --config={other} post -p ", env) == {"my shop", "lit", "b-2"}
    assert not ran.exists(), ran.read_text()


def test_profile_names_come_from_the_xdg_config_folder(
    no_python: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, ran = no_python
    env = {k: v for k, v in env.items() if k != "GREENSTATUS_CONFIG"}
    folder = tmp_path / "xdg" / "greenstatus"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("[profiles.xdg]\n")
    home = tmp_path / ".config" / "greenstatus"
    home.mkdir(parents=True)
    (home / "config.toml").write_text("[profiles.plain]\n")
    xdg = {**env, "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    for shell_env_, wanted in ((xdg, {"xdg"}), (env, {"plain"})):
        assert set(bash_complete(["greenstatus", "post", "-p", ""], shell_env_)) == wanted
        assert zsh_complete("greenstatus post -p ", shell_env_, tmp_path) == wanted
        assert fish_complete("greenstatus post -p ", shell_env_) == wanted
    assert not ran.exists(), ran.read_text()
