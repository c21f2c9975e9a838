"""outbox import: a CSV plan checked row by row as `post --at` checks it, stored all or none."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from greenstatus.cli import app


def when(days: int, hour: int = 9) -> str:
    """A local wall-clock time `days` from now, as a spreadsheet would hold it."""
    moment = datetime.now() + timedelta(days=days)
    return moment.strftime(f"%Y-%m-%d {hour:02d}:00")


def utc(local: str) -> str:
    moment = datetime.strptime(local, "%Y-%m-%d %H:%M").astimezone()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entries() -> list[tuple[object, ...]]:
    path = Path(os.environ["XDG_STATE_HOME"]) / "greenstatus" / "journal.sqlite3"
    if not path.exists():
        return []
    db = sqlite3.connect(path)
    try:
        return db.execute(
            "SELECT id, state, kind, body, not_before, file_copy FROM entries ORDER BY id"
        ).fetchall()
    finally:
        db.close()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return tmp_path / "plan.csv"


def test_every_bad_row_is_reported_at_once_and_nothing_is_stored(
    runner: CliRunner, creds_env: None, plan: Path
) -> None:
    later = when(1)
    plan.write_text(
        "at,text,color,font,to,media,voice,profile\n"
        f"{later},fine,,,,,,\n"
        "tomorrow-ish,x,,,,,,\n"
        f"{later},,,,,,,\n"
        f"{later},hi,nocolour,,,,,\n"
        f"{later},hi,,ARIAL,,,,\n"
        f"{later},hi,,,12,,,\n"
        f"{later},hi,,,,missing.jpg,,\n"
        f"{later},hi,,,,photo.bmp,,\n"
        "2020-01-01 10:00,old,,,,,,\n"
        f"{when(40)},too far,,,,,,\n"
        f"{later},{'x' * 501},,,,,,\n"
        f"{later},hi,,,,,,nosuchprofile\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["outbox", "import", str(plan)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    expected = [
        (3, "at"), (4, "text"), (5, "color"), (6, "font"), (7, "to"), (8, "media"),
        (9, "media"), (10, "at"), (11, "at"), (12, "text"), (13, "profile"),
    ]  # fmt: skip
    for (line, column), shown in zip(expected, lines, strict=False):
        assert shown.startswith(f"greenstatus: error: line {line}, column {column}: "), shown
    assert len(lines) == len(expected) + 1
    assert "11 rows cannot be scheduled; nothing was stored" in lines[-1]
    assert "in the past" in lines[7] and "30 days" in lines[8]
    assert entries() == []


def test_excel_semicolons_bom_crlf_and_quoted_newlines(
    runner: CliRunner, creds_env: None, plan: Path
) -> None:
    first, second = when(1), when(2, 18)
    plan.write_bytes(
        (
            "\ufeffAT;Text;Color;To\r\n"
            f'{first};"Скидки;\r\nвсю неделю";navy;79001234567 79007654321\r\n'
            f"{second};Второй;;+7 900 123-45-67\r\n"
        ).encode()
    )
    result = runner.invoke(app, ["outbox", "import", str(plan)])
    assert result.exit_code == 0, result.stderr
    (one, two) = [line.split("\t") for line in result.stdout.splitlines()]
    assert one[1:] == [utc(first), "Скидки;"] and two[1:] == [utc(second), "Второй"]
    stored = entries()
    assert [(row[0], row[1], row[4]) for row in stored] == [
        (int(one[0]), "scheduled", utc(first)),
        (int(two[0]), "scheduled", utc(second)),
    ]
    body = json.loads(str(stored[0][3]))
    assert body == {
        "message": "Скидки;\nвсю неделю",
        "backgroundColor": "#000080",
        "participants": ["79001234567@c.us", "79007654321@c.us"],
    }
    assert json.loads(str(stored[1][3]))["participants"] == ["79001234567@c.us"]


def test_a_second_import_adds_nothing_and_the_same_text_on_two_days_is_two_entries(
    runner: CliRunner, creds_env: None, plan: Path
) -> None:
    plan.write_text(f"at,text\n{when(1)},Open\n{when(2)},Open\n{when(1)},Open\n")
    first = runner.invoke(app, ["outbox", "import", str(plan), "--json"])
    assert first.exit_code == 0
    shown = json.loads(first.stdout)
    assert [(r["line"], r["duplicate"]) for r in shown] == [(2, False), (3, False), (4, True)]
    assert shown[2]["outbox_id"] is None
    assert "line 4 repeats outbox entry" in first.stderr
    again = runner.invoke(app, ["outbox", "import", str(plan)])
    assert again.exit_code == 0 and again.stdout == ""
    assert again.stderr.count("repeats outbox entry") == 3
    assert len(entries()) == 2


def test_dry_run_checks_and_stores_nothing(runner: CliRunner, creds_env: None, plan: Path) -> None:
    plan.write_text(f"at,text\n{when(1)},Open\n")
    result = runner.invoke(app, ["outbox", "import", str(plan), "--dry-run", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"line": 2, "outbox_id": None, "not_before": utc(when(1)), "duplicate": False}
    ]
    assert entries() == []


def test_stdin_and_media_relative_to_the_file_copied_as_for_at(
    runner: CliRunner, creds_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    photo = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    (folder / "offer.jpg").write_bytes(photo)
    (folder / "week.csv").write_text(f"at,media,text\n{when(1)},offer.jpg,Two for one\n")
    monkeypatch.setenv("GREENSTATUS_MEDIA_URL", "https://media.example")
    result = runner.invoke(app, ["outbox", "import", str(folder / "week.csv")])
    assert result.exit_code == 0, result.stderr
    ((_, state, kind, body, _, copy),) = entries()
    assert (state, kind) == ("scheduled", "image")
    assert copy is not None and Path(str(copy)).read_bytes() == photo
    assert json.loads(str(body))["caption"] == "Two for one"
    monkeypatch.chdir(folder)
    piped = runner.invoke(
        app, ["outbox", "import", "-"], input=f"at,media\n{when(2)},offer.jpg\n".encode()
    )
    assert piped.exit_code == 0, piped.stderr
    assert len(entries()) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("at,text,colour\n", "unknown column 'colour'"),
        ("text\n", "no 'at' column"),
        ("at,text,at\n", "appears twice"),
        ("", "no header row"),
    ],
)
def test_the_header_is_checked(
    runner: CliRunner, creds_env: None, plan: Path, text: str, message: str
) -> None:
    plan.write_text(text)
    result = runner.invoke(app, ["outbox", "import", str(plan)])
    assert result.exit_code == 2 and message in result.stderr


def test_more_than_a_thousand_rows_is_refused(
    runner: CliRunner, creds_env: None, plan: Path
) -> None:
    plan.write_text("at,text\n" + "".join(f"{when(1)},row {n}\n" for n in range(1001)))
    result = runner.invoke(app, ["outbox", "import", str(plan)])
    assert result.exit_code == 2 and "more than 1000 rows" in result.stderr
    assert entries() == []


def test_a_profile_column_and_p_choose_the_instance(
    runner: CliRunner, write_config: object, plan: Path
) -> None:
    write_config(  # type: ignore[operator]
        'default_profile = "north"\n'
        '[profiles.north]\nid_instance = "1101000001"\napi_token_instance = "' + "a" * 50 + '"\n'
        '[profiles.south]\nid_instance = "1101000002"\napi_token_instance = "' + "b" * 50 + '"\n'
    )
    plan.write_text(f"at,text,profile\n{when(1)},a,\n{when(1)},b,north\n")
    result = runner.invoke(app, ["outbox", "import", str(plan), "-p", "south"])
    assert result.exit_code == 0, result.stderr
    path = Path(os.environ["XDG_STATE_HOME"]) / "greenstatus" / "journal.sqlite3"
    db = sqlite3.connect(path)
    assert db.execute("SELECT profile, id_instance FROM entries ORDER BY id").fetchall() == [
        ("south", "1101000002"),
        ("north", "1101000001"),
    ]
    db.close()


def test_import_needs_the_journal(
    runner: CliRunner, creds_env: None, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GREENSTATUS_JOURNAL", "off")
    plan.write_text(f"at,text\n{when(1)},Open\n")
    result = runner.invoke(app, ["outbox", "import", str(plan)])
    assert result.exit_code == 2 and "needs the journal" in result.stderr
    assert entries() == []
