"""Russian for a person, the same bytes for a script: help and stderr change with the language;
TSV, --json (its error.message too) and exit codes never do."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
import responses
import typer.main
from helpers import API_URL, TOKEN
from helpers.fakeapi import ID_INSTANCE, OUTGOING_EXAMPLE, STATISTIC_EXAMPLE
from typer.testing import CliRunner

from greenstatus.api import pacing
from greenstatus.cli import app

BASE = f"{API_URL}/waInstance{ID_INSTANCE}"
ID = "BAE5F4886F6F2D05"
LANGUAGES = ({"GREENSTATUS_LANG": "en"}, {"LANG": "ru_RU.UTF-8"}, {"GREENSTATUS_LANG": "ru"})


@pytest.fixture(autouse=True)
def fresh_pace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pacing, "_last_request", {})
    monkeypatch.setattr("greenstatus.api.pacing.time.sleep", lambda s: None)


def under_each_language(runner: CliRunner, args: list[str]) -> list[tuple[int, str, str]]:
    return [
        (r.exit_code, r.stdout, r.stderr)
        for r in (runner.invoke(app, args, env=env) for env in LANGUAGES)
    ]


MACHINE = [
    ["fonts"],
    ["post", "--dry-run", "--json", "hello"],
    ["post", "--dry-run", "hello", "--color", "navy"],
    ["post", "--colr", "red", "x", "--json"],
    ["post", "--json", "x"],
    ["config", "get", "font", "--json"],
    ["list", "--minutes", "0", "--json"],
]


@pytest.mark.parametrize("args", MACHINE, ids=" ".join)
def test_stdout_and_exit_codes_do_not_change_with_the_language(
    runner: CliRunner, args: list[str]
) -> None:
    english, *russian = under_each_language(runner, args)
    for code, stdout, _ in russian:
        assert (code, stdout) == english[:2]


def test_json_error_message_stays_english_while_stderr_is_russian(runner: CliRunner) -> None:
    english, by_lang, forced = under_each_language(runner, ["post", "--colr", "red", "x", "--json"])
    message = json.loads(english[1])["error"]["message"]
    assert message.startswith("no such option --colr")
    assert json.loads(by_lang[1])["error"]["message"] == message
    assert english[2].startswith("greenstatus: error: no such option --colr")
    assert by_lang[2].startswith("greenstatus: ошибка: ") and forced[2] == by_lang[2]


@pytest.mark.usefixtures("creds_env")
def test_list_and_stats_tsv_and_json_are_the_same_in_russian(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(f"{BASE}/getOutgoingStatuses/{TOKEN}", json=OUTGOING_EXAMPLE)
    api.get(f"{BASE}/getStatusStatistic/{TOKEN}", json=STATISTIC_EXAMPLE)
    for args in (["list"], ["list", "--json"], ["stats", ID], ["stats", ID, "--json"]):
        english, *russian = under_each_language(runner, args)
        assert english[0] == 0 and english[1], args
        assert [r[:2] for r in russian] == [english[:2]] * 2, args


def _help_screens() -> list[list[str]]:
    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(command: click.Command, path: list[str], ctx: click.Context) -> None:
        paths.append([*path, "-h"])
        for name in getattr(command, "list_commands", lambda c: [])(ctx):
            sub = command.get_command(ctx, name)  # type: ignore[attr-defined]
            walk(sub, [*path, name], click.Context(sub, info_name=name, parent=ctx))

    walk(root, [], click.Context(root, info_name="greenstatus"))
    return paths


@pytest.mark.parametrize("args", _help_screens(), ids=" ".join)
def test_every_help_screen_is_russian_with_the_same_names(
    runner: CliRunner, args: list[str]
) -> None:
    english, russian, _ = under_each_language(runner, args)
    assert english[0] == russian[0] == 0
    assert english[1].startswith("Usage: greenstatus")
    assert russian[1].startswith("Использование: greenstatus")
    assert "Параметры:" in russian[1] and "Показать эту справку и выйти." in russian[1]
    # Command and option names, metavars and examples never change.
    names = {w for w in english[1].split() if w.startswith("-") or w.isupper()}
    names -= {"-", "—", "GREEN-API:", "UTF-8,", "(UTC),", "TEXT,"}
    for name in names:
        assert name.strip(".,;:()[]'") in russian[1], name


def test_examples_stay_verbatim_and_narrow_help_is_russian_too(runner: CliRunner) -> None:
    russian = runner.invoke(app, ["post", "-h"], env={"GREENSTATUS_LANG": "ru", "COLUMNS": "50"})
    assert russian.exit_code == 0
    assert "  Примеры\n" in russian.stdout
    assert '    greenstatus post "Open until 8 pm today" --color navy --font SERIF\n' in (
        russian.stdout
    )
    assert "[по умолчанию: 3; 0<=x<=10]" in " ".join(russian.stdout.split())


def test_man_pages_and_completions_stay_english_under_russian(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both are generated from the same click objects a Russian help screen was drawn from."""
    from greenstatus.completion import man

    root = Path(__file__).resolve().parents[2]
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert "Использование:" in runner.invoke(app, ["post", "-h"]).stdout
    script = runner.invoke(app, ["completion", "bash"])
    assert script.stdout == (root / "completions" / "greenstatus.bash").read_text(encoding="utf-8")
    for name, page in man.pages().items():
        assert page == (root / "man" / name).read_text(encoding="utf-8"), name


TERMINAL = {"GREENSTATUS_LANG": "ru", "GREENSTATUS_FORCE_TTY": "1", "NO_COLOR": "1"} | {
    "COLUMNS": "80"
}


@pytest.mark.usefixtures("creds_env")
@pytest.mark.parametrize(
    ("args", "russian", "english"),
    [
        (["fonts"], ["с засечками", "латинские"], ["Latin letters only"]),
        (["post", "--dry-run", "hello"], ["в норме", "все контакты"], ["fine", "all contacts"]),
        (["config", "show"], ["профиль default", "все контакты"], ["all contacts", "not set"]),
    ],
    ids=["fonts", "dry-run card", "config show"],
)
def test_cells_and_titles_of_terminal_tables_are_russian(
    runner: CliRunner, args: list[str], russian: list[str], english: list[str]
) -> None:
    """Rich keeps a Text's English: a marked message must be translated before it becomes one."""
    result = runner.invoke(app, args, env=TERMINAL)
    assert result.exit_code == 0, result.stderr
    for words in russian:
        assert words in result.stdout, words
    for words in english:
        assert words not in result.stdout, words


def test_a_default_value_named_default_is_not_translated(runner: CliRunner) -> None:
    shown = runner.invoke(app, ["config", "init", "-h"], env={"GREENSTATUS_LANG": "ru"})
    assert "[по умолчанию: default]" in " ".join(shown.stdout.split())


@pytest.mark.usefixtures("creds_env")
def test_an_error_of_the_status_methods_is_russian_on_stderr_and_english_in_json(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(f"{BASE}/getOutgoingStatuses/{TOKEN}", status=429, json={"message": "slow down"})
    english, russian, _ = under_each_language(runner, ["list", "--retries", "0"])
    assert english[2].startswith("greenstatus: error: rate limited by GREEN-API")
    assert russian[2].startswith("greenstatus: ошибка: GREEN-API ограничил частоту запросов")
    scripted = runner.invoke(app, ["list", "--retries", "0", "--json"], env=LANGUAGES[2])
    assert json.loads(scripted.stdout)["error"]["message"].startswith("rate limited by GREEN-API")


@pytest.mark.usefixtures("creds_env")
def test_a_bad_row_of_an_import_is_explained_in_russian(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "week.csv"
    plan.write_text("at;text\n25:00;Привет\n", encoding="utf-8")
    result = runner.invoke(app, ["outbox", "import", str(plan)], env={"GREENSTATUS_LANG": "ru"})
    assert result.exit_code == 2
    assert "строка 2, столбец at: --at '25:00': это не время суток; укажите" in result.stderr


@pytest.mark.usefixtures("creds_env")
def test_a_stored_region_that_is_unknown_is_named_in_russian(
    runner: CliRunner, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[profiles.shop]\ndefault_region = "XX"\n', encoding="utf-8")
    config.chmod(0o600)
    args = ["--config", str(config), "post", "-p", "shop", "-n", "hi", "-t", "89001234567"]
    result = runner.invoke(app, args, env={"GREENSTATUS_LANG": "ru"})
    assert result.exit_code == 78, result.stderr
    assert "default_region в профиле 'shop' (" in result.stderr
