"""An attacker's pass over Part 3 through CliRunner: races and odd answers that a real
process cannot make happen on demand."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
import responses
from helpers import API_URL, SETTINGS_URL, TOKEN
from helpers.fakeapi import ID_INSTANCE
from typer.testing import CliRunner

from greenstatus import store as jn
from greenstatus.cli import app
from greenstatus.store import delivery

pytestmark = pytest.mark.usefixtures("creds_env")

OUT_URL = f"{API_URL}/waInstance{ID_INSTANCE}/getOutgoingStatuses/{TOKEN}"
BODY = {"message": "Doors open", "backgroundColor": "#228B22"}


def seed_unknown() -> int:
    with jn.open_journal(folder=jn.state_dir()) as opened:
        added = opened.add(
            jn.NewEntry(
                profile="default",
                id_instance=ID_INSTANCE,
                kind="text",
                body=BODY,
                fingerprint=jn.fingerprint("text", BODY),
            )
        )
        assert added.entry is not None
        opened.finish(added.entry.id, "unknown")
        return added.entry.id


def holders(id_message: str) -> list[tuple[int, str]]:
    db = sqlite3.connect(jn.state_dir() / jn.FILE_NAME)
    found = db.execute(
        "SELECT id, state FROM entries WHERE id_message = ? ORDER BY id", (id_message,)
    ).fetchall()
    db.close()
    return [(int(i), str(s)) for i, s in found]


def test_two_syncs_at_once_never_link_one_status_to_two_entries(
    runner: CliRunner, api: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = seed_unknown(), seed_unknown()
    stamp = int(jn.utcnow().timestamp())
    api.get(SETTINGS_URL, json={"outgoingWebhook": "yes"})
    api.get(
        OUT_URL,
        json=[
            {
                "type": "outgoing",
                "idMessage": "BAE5ONLY",
                "timestamp": stamp,
                "typeMessage": "extendedTextMessage",
                "extendedTextMessage": {"text": BODY["message"], "backgroundColor": "#228b22"},
                "statusMessage": "sent",
                "sendByApi": True,
            }
        ],
    )
    read_ids = delivery.Delivery.linked_ids

    def another_sync_commits_meanwhile(self: Any, id_instance: str) -> set[str]:
        # This sync has read which ids are linked; another one links BAE5ONLY to the first
        # entry before this one writes.
        seen = read_ids(self, id_instance)
        with jn.open_journal(folder=jn.state_dir()) as other:
            assert other.settle(first, "unknown", "queued", id_message="BAE5ONLY")
        return seen

    monkeypatch.setattr(delivery.Delivery, "linked_ids", another_sync_commits_meanwhile)
    result = runner.invoke(app, ["sync"])
    assert result.exit_code == 0, result.output
    assert holders("BAE5ONLY") == [(first, "queued")]
    assert result.stdout == "", "the second entry is no match: its only candidate is taken"
    assert second != first
