"""outbox import's `to` column takes contact names as post's --to does (issues 18 and 20)."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from helpers import FakeAPI
from typer.testing import CliRunner

from greenstatus.cli import app


def when(days: int) -> str:
    return (datetime.now() + timedelta(days=days)).strftime("%Y-%m-%d 09:00")


def stored_bodies() -> list[dict[str, object]]:
    path = Path(os.environ["XDG_STATE_HOME"]) / "greenstatus" / "journal.sqlite3"
    if not path.exists():
        return []
    db = sqlite3.connect(path)
    try:
        return [json.loads(r[0]) for r in db.execute("SELECT body FROM entries ORDER BY id")]
    finally:
        db.close()


@pytest.fixture
def on_fake(creds_env: None, fake_api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> FakeAPI:
    monkeypatch.setenv("GREENSTATUS_API_URL", fake_api.url)
    return fake_api


def contact_requests(server: FakeAPI) -> int:
    return sum("getContacts" in seen.path for seen in server.seen)


def test_names_in_to_are_matched_against_the_contacts_fetched_once(
    runner: CliRunner, on_fake: FakeAPI, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "at,text,to\n"
        f'{when(1)},Flowers,"anna (FLOWERS), 79001234568"\n'
        f"{when(2)},Boris only,Boris\n"
        f'{when(3)},Numbers,"+7 900 765-43-21, 79001234569"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["outbox", "import", str(plan)])
    assert result.exit_code == 0, result.output
    assert [b.get("participants") for b in stored_bodies()] == [
        ["79001234567@c.us", "79001234568@c.us"],
        ["79001234568@c.us"],
        ["79007654321@c.us", "79001234569@c.us"],
    ]
    assert contact_requests(on_fake) == 1  # fetched for the first name, then kept
    # The audience check, as for post: a number that is not a contact, a contact unsaved.
    assert "79007654321 will not see it" in result.stderr
    assert "79001234569 will not see it" in result.stderr


def test_every_bad_name_is_its_rows_error_and_nothing_is_stored(
    runner: CliRunner, on_fake: FakeAPI, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "at,text,to\n"
        f"{when(1)},fine,Boris\n"
        f"{when(1)},typo,Borys\n"
        f"{when(1)},group,Shop team\n"
        f"{when(1)},bad number,Boris; 12\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["outbox", "import", str(plan)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [line.split(":")[2].strip() for line in lines[:3]] == [
        "line 3, column to",
        "line 4, column to",
        "line 5, column to",
    ]
    assert "did you mean" in lines[0] and "Boris" in lines[0]
    assert "3 rows cannot be scheduled" in lines[-1]
    assert stored_bodies() == []


def test_a_dry_run_uses_kept_contacts_only(
    runner: CliRunner, on_fake: FakeAPI, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(f"at,text,to\n{when(1)},hi,Boris\n", encoding="utf-8")
    none_kept = runner.invoke(app, ["outbox", "import", str(plan), "--dry-run"])
    assert none_kept.exit_code == 2
    assert "line 2, column to" in none_kept.stderr
    assert "greenstatus contacts" in none_kept.stderr
    assert contact_requests(on_fake) == 0
    assert runner.invoke(app, ["contacts"]).exit_code == 0
    kept = runner.invoke(app, ["outbox", "import", str(plan), "--dry-run", "--json"])
    assert kept.exit_code == 0, kept.output
    assert contact_requests(on_fake) == 1
    assert stored_bodies() == []
