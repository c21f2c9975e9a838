"""Issue 21, Russian: the installed command under LANG=ru_RU.UTF-8 (a locale this system need
not have), the catalogue in the wheel, and nothing loaded for English."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from helpers import build_wheel, modules_after, probe, run
from helpers.fakeapi import FakeAPI
from helpers.process import env_for

ROOT = Path(__file__).resolve().parents[2]
MO = "greenstatus/locale/ru/LC_MESSAGES/greenstatus.mo"
RUSSIAN = {"LANG": "ru_RU.UTF-8", "LC_ALL": "", "LANGUAGE": "", "LC_MESSAGES": ""}


def test_a_real_process_under_a_russian_locale_speaks_russian_on_stderr(
    exe: str, tmp_path: Path
) -> None:
    with FakeAPI() as server:
        env = env_for(server.url, tmp_path, **RUSSIAN)
        failed = run(exe, ["post", "--colr", "red", "x"], env)
        helped = run(exe, ["post", "-h"], env)
        scripted = run(exe, ["post", "--colr", "red", "x", "--json"], env)
        posted = run(exe, ["post", "hello"], env)
    # The locale is not installed here: Python must not need it, and nothing may end.
    assert failed.returncode == 2 and failed.stdout == ""
    assert failed.stderr.startswith("greenstatus: ошибка: ")
    assert helped.returncode == 0 and helped.stdout.startswith("Использование: greenstatus post")
    assert "Показать, что было бы отправлено, ничего не отправляя." in helped.stdout
    assert json.loads(scripted.stdout)["error"]["message"].startswith("no such option --colr")
    assert posted.returncode == 0, posted.stderr
    assert posted.stdout.strip() and posted.stderr == ""


def catalogues_read(args: list[str], language: dict[str, str]) -> list[str]:
    """The catalogues a fresh interpreter read while running args (click imports gettext
    itself, for its own words, so the module being loaded says nothing)."""
    report = "' '.join(k for k, v in __import__('greenstatus.i18n').i18n._loaded.items() if v)"
    return probe(args, report, language).split()


def test_english_reads_no_catalogue_and_russian_reads_it_only_to_show_words(
    tmp_path: Path,
) -> None:
    english = {"LANG": "en_US.UTF-8"}
    for args in (["--version"], ["fonts"], ["post", "hi", "--dry-run"], ["post", "-h"]):
        assert catalogues_read(args, english) == [], args
    assert catalogues_read(["--version"], RUSSIAN) == []
    assert catalogues_read(["post", "-h"], RUSSIAN) == [str(ROOT / MO)]
    assert modules_after(["post", "-h"], tmp_path, ("greenstatus.msgfmt",), RUSSIAN) == set()


def test_the_wheel_ships_the_catalogue_and_the_installed_command_speaks_russian(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read(MO) == (ROOT / MO).read_bytes()
        assert not [n for n in archive.namelist() if n.endswith(".po")]
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index"]
        + ["--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    # The installed package first on the path; its dependencies from this environment.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GREENSTATUS_", "LC_", "LANG"))}
    env.update(PYTHONPATH=str(target), LANG="ru_RU.UTF-8", HOME=str(tmp_path))
    code = (
        "import greenstatus; print(greenstatus.__file__)\n"
        "from greenstatus.__main__ import main; main()"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code, "outbox", "-h"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    where, _, help_text = shown.stdout.partition("\n")
    assert where.startswith(str(target)), where
    assert "Запланированные и сохранённые статусы" in help_text, shown.stderr
    assert time.monotonic() - started < 30
