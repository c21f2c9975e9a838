"""Real bash, zsh and fish asked to complete a command line with the committed scripts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.paths import ROOT

SCRIPTS = {
    "bash": ROOT / "completions" / "greenstatus.bash",
    "zsh": ROOT / "completions" / "_greenstatus",
    "fish": ROOT / "completions" / "greenstatus.fish",
}
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
    return {word for match in zsh_matches(line, env, tmp_path) for word in match.split()}


def zsh_matches(line: str, env: dict[str, str], tmp_path: Path) -> set[str]:
    """What zsh would insert for each match, one a line: a name with spaces stays whole."""
    fpath = tmp_path / "fpath"
    fpath.mkdir(exist_ok=True)
    shutil.copy(SCRIPTS["zsh"], fpath / "_greenstatus")
    out = tmp_path / "matches.txt"
    # zpty now and then reads the sentinel before the TAB's matches are written on a loaded
    # machine (seen at load 5); a second run is asked for only when the first found nothing,
    # so a completion that really offers nothing still fails its test.
    for _ in range(2):
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
        found = set(out.read_text().splitlines()) if out.exists() else set()
        if found:
            break
    return found


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
