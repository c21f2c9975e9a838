"""Issue 16, completion after `--option=`: values complete as after `--option `, in real
interactive bash (with and without the bash-completion package), zsh and fish."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pexpect
import pytest
from helpers.shells import SCRIPTS, fish_complete, need, zsh_complete

BASH_COMPLETION = Path("/usr/share/bash-completion/bash_completion")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    files = tmp_path / "f"
    files.mkdir()
    for name in ("a.jpg", "notes.txt", "conf.toml", "v.ogg"):
        (files / name).write_bytes(b"x")
    return files


def cases(folder: Path) -> list[tuple[str, str]]:
    """(typed, the word TAB must leave) pairs; each has one match, so TAB inserts it."""
    return [
        ("post --font=OSW", "post --font=OSWALD_HEAVY"),
        ("post --font=oswald_", "post --font=OSWALD_HEAVY"),
        ("post --color=navaj", "post --color=navajowhite"),
        (f"post --media={folder}/", f"post --media={folder}/a.jpg"),
        (f"post --voice={folder}/", f"post --voice={folder}/v.ogg"),
        (f"--config={folder}/co", f"--config={folder}/conf.toml"),
        ("list --state=re", "list --state=read"),
        ("history --state=unk", "history --state=unknown"),
        # Each command's own choices: `history --state s` would offer scheduled and sending.
        ("list --state s", "list --state sent"),
        ("list --state=s", "list --state=sent"),
    ]


def bash_tab(setup: str, typed: str, home: Path) -> str:
    """The line an interactive bash shows after TAB; Ctrl-X prints it between < and >."""
    env = {
        "PATH": f"{Path(need('bash')).parent}:/usr/bin:/bin",
        "HOME": str(home),
        "TERM": "dumb",
        "INPUTRC": "/dev/null",
    }
    child = pexpect.spawn(
        need("bash"), ["--norc", "--noprofile", "-i"], env=env, encoding="utf-8", timeout=20
    )
    try:
        child.sendline(
            'PS1=\'$ \'; bind -x \'"\\C-x": printf "\\n<%s>\\n" "$READLINE_LINE"\'; '
            f"{setup}; echo SET''UP-DONE"
        )
        child.expect("SETUP-DONE")
        child.send(f"greenstatus {typed}\t")
        child.send("\x18")
        child.expect(r"<(greenstatus [^>\r\n]*)>")
        return str(child.match.group(1)).removeprefix("greenstatus ").rstrip()
    finally:
        child.close(force=True)


def bash_completion_package() -> Path:
    if not BASH_COMPLETION.exists():
        if os.environ.get("GREENSTATUS_REQUIRE_SHELLS") == "1":
            pytest.fail("the bash-completion package is missing (apt-get install bash-completion)")
        pytest.skip("the bash-completion package is not installed")
    return BASH_COMPLETION


def test_bash_without_the_package(folder: Path, tmp_path: Path) -> None:
    for typed, wanted in cases(folder):
        assert bash_tab(f"source '{SCRIPTS['bash']}'", typed, tmp_path) == wanted, typed


def test_bash_with_the_package_loading_the_script_itself(folder: Path, tmp_path: Path) -> None:
    """bash-completion finds the script by the command's name and uses what it registers."""
    package = bash_completion_package()
    user_dir = tmp_path / ".local" / "share" / "bash-completion" / "completions"
    user_dir.mkdir(parents=True)
    shutil.copy(SCRIPTS["bash"], user_dir / "greenstatus")
    for typed, wanted in cases(folder)[:7]:
        assert bash_tab(f"source '{package}'", typed, tmp_path) == wanted, typed


def test_bash_where_equals_is_no_word_break(folder: Path, tmp_path: Path) -> None:
    setup = f"source '{SCRIPTS['bash']}'; COMP_WORDBREAKS=${{COMP_WORDBREAKS//=}}"
    for typed, wanted in cases(folder)[:7]:
        assert bash_tab(setup, typed, tmp_path) == wanted, typed


def test_bash_registers_its_function_with_complete_f() -> None:
    result = subprocess.run(
        [need("bash"), "--norc", "--noprofile", "-c", f"source '{SCRIPTS['bash']}'; complete -p"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.stdout.splitlines() == ["complete -F _greenstatus greenstatus"]


def test_zsh(folder: Path, shell_env: dict[str, str], tmp_path: Path) -> None:
    for typed, wanted in cases(folder):
        got = zsh_complete(f"greenstatus {typed}", shell_env, tmp_path)
        value = wanted.rpartition("=" if "=" in typed else " ")[2]
        assert {Path(g).name for g in got} == {Path(value).name}, (typed, got)


def test_fish(folder: Path, shell_env: dict[str, str]) -> None:
    # fish puts a match of another case in place of the whole token, '--font=' included;
    # the script offers names in the case typed, which post accepts as well.
    in_case_typed = {"post --font=oswald_": "post --font=oswald_heavy"}
    for typed, wanted in cases(folder):
        got = fish_complete(f"greenstatus {typed}", shell_env)
        assert got == {in_case_typed.get(typed, wanted).rpartition(" ")[2]}, (typed, got)
    assert fish_complete("greenstatus post --color=NAVAJ", shell_env) == {"--color=NAVAJOWHITE"}
