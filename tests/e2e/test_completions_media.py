"""--media and --voice complete folders and the files each option takes, in all three shells."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.shells import bash_complete, fish_complete, zsh_complete

MEDIA = {"a.JPG", "b.png", "clip.mp4"}
VOICE = {"c.mp3", "d.opus", "e.wav"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    media = tmp_path / "m"
    media.mkdir()
    for name in [*MEDIA, *VOICE, "notes.txt", "noext"]:
        (media / name).write_bytes(b"x")
    (media / "sub").mkdir()
    return media


def names(found: set[str] | list[str]) -> set[str]:
    return {Path(f.rstrip("/")).name for f in found}


@pytest.mark.parametrize(("option", "wanted"), [("--media", MEDIA), ("--voice", VOICE)])
def test_bash(option: str, wanted: set[str], folder: Path, shell_env: dict[str, str]) -> None:
    got = bash_complete(["greenstatus", "post", option, f"{folder}/"], shell_env)
    assert names(got) == wanted | {"sub"}


@pytest.mark.parametrize(("option", "wanted"), [("--media", MEDIA), ("--voice", VOICE)])
def test_fish(option: str, wanted: set[str], folder: Path, shell_env: dict[str, str]) -> None:
    got = fish_complete(f"greenstatus post {option} {folder}/", shell_env)
    assert names(got) == wanted | {"sub"}


@pytest.mark.parametrize(("option", "wanted"), [("--media", MEDIA), ("--voice", VOICE)])
def test_zsh(
    option: str, wanted: set[str], folder: Path, shell_env: dict[str, str], tmp_path: Path
) -> None:
    got = zsh_complete(f"greenstatus post {option} {folder}/", shell_env, tmp_path)
    assert wanted <= names(got) and not names(got) & {"notes.txt", "noext"}, got
