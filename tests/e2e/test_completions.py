"""Static completion scripts: no drift from the app, installed by the wheel, and working in
real bash, zsh and fish."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from greenstatus.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = {
    "bash": ROOT / "completions" / "greenstatus.bash",
    "zsh": ROOT / "completions" / "_greenstatus",
    "fish": ROOT / "completions" / "greenstatus.fish",
}
INSTALLED = {
    "bash": "share/bash-completion/completions/greenstatus",
    "zsh": "share/zsh/site-functions/_greenstatus",
    "fish": "share/fish/vendor_completions.d/greenstatus.fish",
}
FONTS = {"SERIF", "SANS_SERIF", "NORICAN_REGULAR", "BRYNDAN_WRITE", "OSWALD_HEAVY"}
PROFILES = '[profiles.shop]\nid_instance = "1"\n[profiles.home]\nid_instance = "2"\n'


# Read when the module loads: the autouse `isolated` fixture clears every GREENSTATUS_ variable
# before a test runs, so a look inside the test never saw CI's setting.
REQUIRE_SHELLS = os.environ.get("GREENSTATUS_REQUIRE_SHELLS") == "1"


def need(shell: str) -> str:
    """The shell's path; CI sets GREENSTATUS_REQUIRE_SHELLS=1 so a missing shell fails there."""
    path = shutil.which(shell)
    if path is None:
        if REQUIRE_SHELLS:
            pytest.fail(f"{shell} is not installed (apt-get install {shell})")
        pytest.skip(f"{shell} is not installed")
    return path


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(PROFILES)
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "GREENSTATUS_CONFIG": str(config),
        "TERM": "dumb",
    }


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


def bash_complete(words: list[str], env: dict[str, str]) -> list[str]:
    script = (
        f"source '{SCRIPTS['bash']}'\n"
        'COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()\n'
        "_greenstatus\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        [need("bash"), "--norc", "--noprofile", "-c", script, "bash", *words],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


def zsh_complete(line: str, env: dict[str, str], tmp_path: Path) -> set[str]:
    fpath = tmp_path / "fpath"
    fpath.mkdir(exist_ok=True)
    shutil.copy(SCRIPTS["zsh"], fpath / "_greenstatus")
    out = tmp_path / "matches.txt"
    out.unlink(missing_ok=True)
    subprocess.run(
        [
            need("zsh"),
            "-f",
            str(Path(__file__).parent / "zsh_capture.zsh"),
            str(fpath),
            str(out),
            line,
        ],
        env=env,
        capture_output=True,
        timeout=60,
        check=True,
    )
    return set(out.read_text().split()) if out.exists() else set()


def fish_complete(line: str, env: dict[str, str]) -> set[str]:
    result = subprocess.run(
        [need("fish"), "--no-config", "-c", f"source '{SCRIPTS['fish']}'; complete -C '{line}'"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return {row.split("\t")[0] for row in result.stdout.splitlines()}


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
