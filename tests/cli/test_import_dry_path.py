"""`outbox import --dry-run` names the file a media row would copy, resolved (stderr only)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from greenstatus.cli import app


def when(days: int) -> str:
    return (datetime.now() + timedelta(days=days)).strftime("%Y-%m-%d 09:00")


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "plans"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "offer.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)
    (folder / "week.csv").write_text(
        "at,media,text\n"
        f"{when(1)},photos/offer.jpg,Two for one\n"
        f"{when(2)},https://cdn.example/b.jpg,From a URL\n"
        f"{when(3)},,Plain text\n"
    )
    monkeypatch.setenv("GREENSTATUS_MEDIA_URL", "https://media.example")
    monkeypatch.chdir(tmp_path)
    return folder


def test_a_dry_run_names_the_resolved_local_file_of_each_media_row(
    runner: CliRunner, creds_env: None, plans: Path
) -> None:
    result = runner.invoke(app, ["outbox", "import", "plans/week.csv", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    resolved = plans.resolve() / "photos" / "offer.jpg"
    assert f"greenstatus: line 2: would copy {resolved}" in result.stderr.splitlines()
    assert result.stderr.count("would copy") == 1, "no URL or text row"
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["-", "-", "-"]
    assert "offer.jpg" not in result.stdout, "the TSV is unchanged"


def test_json_and_a_real_import_name_no_file(
    runner: CliRunner, creds_env: None, plans: Path
) -> None:
    as_json = runner.invoke(app, ["outbox", "import", "plans/week.csv", "--dry-run", "--json"])
    assert as_json.exit_code == 0, as_json.stderr
    assert {key for row in json.loads(as_json.stdout) for key in row} == {
        "line",
        "outbox_id",
        "not_before",
        "duplicate",
    }
    real = runner.invoke(app, ["outbox", "import", "plans/week.csv"])
    assert real.exit_code == 0, real.stderr
    assert "would copy" not in real.stderr
