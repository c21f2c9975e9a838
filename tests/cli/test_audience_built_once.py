"""Issue 18: a contact list's lookups (the reasons, the names index) are made once per command,
not once per recipient, per `-t` value or per row of `outbox import`.

The count goes through rules.audience's public seam: `reasons` and `Names`, which every lookup
is made from. A rebuild per row made `outbox import` of 1,000 rows naming 1,000 contacts take
12 s against 5,000 kept contacts; these tests fail on such a rebuild without timing anything.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import responses
from helpers import ID_INSTANCE, SEND_URL
from helpers.fakeapi import contact_book
from typer.testing import CliRunner

from greenstatus import store
from greenstatus.cli import app
from greenstatus.rules import audience

pytestmark = pytest.mark.usefixtures("creds_env")

ROWS = 40


@pytest.fixture
def kept(isolated: Path) -> list[dict[str, Any]]:
    """ROWS saved contacts (`Contact 0001` on 79100000001@c.us, ...) and a group, kept now."""
    contacts = contact_book("groups", saved=ROWS)
    state = isolated.parents[2] / "home" / ".local" / "state" / "greenstatus"
    with store.open_journal(folder=state) as opened:
        opened.keep_contacts(ID_INSTANCE, json.dumps(contacts), time.time())
    return contacts


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch, kept: list[dict[str, Any]]) -> dict[str, int]:
    """How many times each lookup was made from a contact list, by name (of the kept one)."""
    made = {"reasons": 0, "Names": 0}
    reasons = audience.reasons

    def counted_reasons(contacts: Sequence[audience.Contact]) -> list[Any]:
        made["reasons"] += 1
        return reasons(contacts)

    class CountedNames(audience.Names):
        def __init__(self, contacts: Sequence[audience.Contact]) -> None:
            made["Names"] += 1
            super().__init__(contacts)

    monkeypatch.setattr(audience, "reasons", counted_reasons)
    monkeypatch.setattr(audience, "Names", CountedNames)
    return made


def posted(runner: CliRunner, api: responses.RequestsMock, args: list[str]) -> list[str]:
    """The participants the one sendTextStatus of `post hi ARGS` carried."""
    api.post(SEND_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "hi", *args])
    assert result.exit_code == 0, result.output
    participants: list[str] = json.loads(api.calls[0].request.body)["participants"]
    return participants


def stored_participants() -> list[object]:
    path = Path(os.environ["XDG_STATE_HOME"]) / "greenstatus" / "journal.sqlite3"
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT body FROM entries ORDER BY id").fetchall()
    finally:
        db.close()
    return [json.loads(body).get("participants") for (body,) in rows]


def test_outbox_import_rows_naming_different_contacts_make_one_index(
    runner: CliRunner,
    api: responses.RequestsMock,
    builds: dict[str, int],
    tmp_path: Path,
) -> None:
    start = datetime.now() + timedelta(days=1)
    lines = ["at,text,to"]
    for n in range(1, ROWS + 1):
        at = (start + timedelta(minutes=10 * n)).strftime("%Y-%m-%d %H:%M")
        lines.append(f'{at},Row {n},"contact {n:04d}, +7 999 000-00-{n:02d}"')
    plan = tmp_path / "plan.csv"
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = runner.invoke(app, ["outbox", "import", str(plan)])

    assert result.exit_code == 0, result.output
    assert stored_participants() == [
        [f"791{n:08d}@c.us", f"799900000{n:02d}@c.us"] for n in range(1, ROWS + 1)
    ]
    # Each row's audience check still warns of its number that is no contact.
    assert result.stderr.count("will not see it: not a contact") == ROWS
    assert len(api.calls) == 0  # the kept copy, read once; no GetContacts
    assert builds == {"reasons": 1, "Names": 1}


def test_a_post_with_comma_values_names_and_a_file_makes_each_lookup_once(
    runner: CliRunner,
    api: responses.RequestsMock,
    builds: dict[str, int],
    tmp_path: Path,
) -> None:
    people = tmp_path / "people.txt"
    people.write_text(
        "".join(f"Contact {n:04d}\n+7 (910) 000-{n:04d}\n" for n in range(3, ROWS + 1)),
        encoding="utf-8",
    )
    # A -t value with a comma is first checked as one whole name, then split: one index.
    participants = posted(
        runner, api, ["-t", "contact 0001,CONTACT 0002", "--to-file", str(people)]
    )

    assert participants[:3] == ["79100000001@c.us", "79100000002@c.us", "79100000003@c.us"]
    assert len(participants) == ROWS
    assert builds == {"reasons": 1, "Names": 1}


def test_except_makes_each_lookup_once(
    runner: CliRunner,
    api: responses.RequestsMock,
    builds: dict[str, int],
) -> None:
    participants = posted(
        runner, api, ["--except", "contact 0001,79100000002", "--except", "Contact 0003"]
    )

    assert participants == [f"791{n:08d}@c.us" for n in range(4, ROWS + 1)]
    assert builds == {"reasons": 1, "Names": 1}
