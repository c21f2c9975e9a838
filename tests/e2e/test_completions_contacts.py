"""Issue 18: -t, --to and --except complete contact names from contacts.txt, in real shells."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.shells import bash_complete, fish_complete, zsh_matches

NAMES = ["Anna Petrova", "Анна Иванова", "Boris", "O'Brien [work]", "Борис"]


@pytest.fixture
def env(shell_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """greenstatus, python and python3 on PATH only record that they ran; contacts.txt kept."""
    fake = tmp_path / "fakebin"
    fake.mkdir()
    for name in ("greenstatus", "python", "python3"):
        exe = fake / name
        exe.write_text(f"#!/bin/sh\necho \"$0\" >> '{tmp_path / 'ran.txt'}'\nexit 1\n")
        exe.chmod(0o755)
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    (state / "contacts.txt").write_text("".join(n + "\n" for n in NAMES), encoding="utf-8")
    return {
        **shell_env,
        "PATH": f"{fake}:/usr/bin:/bin",
        "GREENSTATUS_STATE_DIR": str(state),
        "LC_ALL": "C.UTF-8",
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("An", {"Anna Petrova"}),
        ("анн", {"Анна Иванова"}),
        ("b", {"Boris"}),
        ("Бо", {"Борис"}),
        ("O'", {"O'Brien [work]"}),
        ("Anna\\ P", {"Anna Petrova"}),
        ("x", set()),
    ],
)
@pytest.mark.parametrize("option", ["-t", "--to", "--except"])
def test_bash_completes_whole_names(
    env: dict[str, str], tmp_path: Path, option: str, typed: str, expected: set[str]
) -> None:
    assert set(bash_complete(["greenstatus", "post", option, typed], env)) == expected
    assert not (tmp_path / "ran.txt").exists()


def test_bash_completes_after_an_equals_sign(env: dict[str, str]) -> None:
    assert bash_complete(["greenstatus", "post", "--to=Bo"], env) == ["--to=Boris"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("an", {"Anna\\ Petrova"}),
        ("анн", {"Анна\\ Иванова"}),
        ("O", {"O\\'Brien\\ \\[work\\]"}),
        ("'Anna P", {"Anna Petrova"}),
    ],
)
@pytest.mark.parametrize("option", ["-t", "--except"])
def test_zsh_inserts_names_escaped(
    env: dict[str, str], tmp_path: Path, option: str, typed: str, expected: set[str]
) -> None:
    assert zsh_matches(f"greenstatus post {option} {typed}", env, tmp_path) == expected
    assert not (tmp_path / "ran.txt").exists()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("An", {"Anna Petrova"}), ("Ан", {"Анна Иванова"}), ("Bo", {"Boris"})],
)
@pytest.mark.parametrize("option", ["-t", "--to", "--except"])
def test_fish_completes_whole_names(
    env: dict[str, str], tmp_path: Path, option: str, typed: str, expected: set[str]
) -> None:
    assert fish_complete(f"greenstatus post {option} {typed}", env) == expected
    assert not (tmp_path / "ran.txt").exists()


def test_5000_names(env: dict[str, str], tmp_path: Path) -> None:
    names = [f"Контакт {i:04d}" for i in range(5000)]
    Path(env["GREENSTATUS_STATE_DIR"], "contacts.txt").write_text(
        "".join(n + "\n" for n in names), encoding="utf-8"
    )
    wanted = {f"Контакт {i}" for i in range(4990, 5000)}
    assert set(bash_complete(["greenstatus", "post", "-t", "контакт 499"], env)) == wanted
    assert fish_complete("greenstatus post -t Контакт\\ 499", env) == wanted
    escaped = {n.replace(" ", "\\ ") for n in wanted}
    assert zsh_matches("greenstatus post -t Контакт\\ 499", env, tmp_path) == escaped


def test_no_contacts_txt_offers_nothing(env: dict[str, str], tmp_path: Path) -> None:
    Path(env["GREENSTATUS_STATE_DIR"], "contacts.txt").unlink()
    assert bash_complete(["greenstatus", "post", "-t", ""], env) == []
    assert fish_complete("greenstatus post -t ", env) == set()


def test_the_xdg_state_folder_is_read_without_the_variable(
    env: dict[str, str], tmp_path: Path
) -> None:
    xdg = tmp_path / "xdg-state"
    (xdg / "greenstatus").mkdir(parents=True)
    (xdg / "greenstatus" / "contacts.txt").write_text("Vera Pavlova\n", encoding="utf-8")
    plain = {k: v for k, v in env.items() if k != "GREENSTATUS_STATE_DIR"}
    plain["XDG_STATE_HOME"] = str(xdg)
    assert bash_complete(["greenstatus", "post", "-t", "V"], plain) == ["Vera Pavlova"]
    assert fish_complete("greenstatus post -t V", plain) == {"Vera Pavlova"}
    assert zsh_matches("greenstatus post -t V", plain, tmp_path) == {"Vera\\ Pavlova"}
