"""Issue 19 through CliRunner and responses: sync, post --wait and report, every exit code."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from typing import Any

import pytest
import responses
from helpers import API_URL, SEND_URL, SETTINGS_URL, TOKEN
from helpers.fakeapi import ID_INSTANCE
from typer.testing import CliRunner

from greenstatus import store as jn
from greenstatus.api import pacing
from greenstatus.cli import app

pytestmark = pytest.mark.usefixtures("creds_env")

BASE = f"{API_URL}/waInstance{ID_INSTANCE}"
OUT_URL = f"{BASE}/getOutgoingStatuses/{TOKEN}"
STAT_URL = f"{BASE}/getStatusStatistic/{TOKEN}"
BODY = {"message": "Doors open", "backgroundColor": "#228B22"}
ON = {"outgoingWebhook": "yes"}


class Clock:
    """time.monotonic, time.time and time.sleep of one test: sleeping moves the clock."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return 1_700_000_000.0 + self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    monkeypatch.setattr(pacing, "_last_request", {})
    fake = Clock()
    for name in ("monotonic", "sleep"):
        monkeypatch.setattr(f"greenstatus.sending.wait.time.{name}", getattr(fake, name))
    return fake


def seed(state: str = "unknown", body: dict[str, Any] | None = None, **extra: Any) -> int:
    """One entry of the profile's instance, as a post whose answer was lost leaves it."""
    sent = body or BODY
    with jn.open_journal(folder=jn.state_dir()) as opened:
        added = opened.add(
            jn.NewEntry(
                profile="default",
                id_instance=ID_INSTANCE,
                kind=extra.pop("kind", "text"),
                body=sent,
                fingerprint=jn.fingerprint("text", sent),
            )
        )
        assert added.entry is not None
        opened.finish(added.entry.id, state, **extra)
        return added.entry.id


def age(entry_id: int, hours: float) -> None:
    created = jn.iso(jn.utcnow() - timedelta(hours=hours))
    db = sqlite3.connect(jn.state_dir() / jn.FILE_NAME)
    with db:
        db.execute("UPDATE entries SET created = ? WHERE id = ?", (created, entry_id))
    db.close()


def entry(entry_id: int) -> jn.Entry:
    with jn.open_journal(folder=jn.state_dir()) as opened:
        found = opened.get(entry_id)
    assert found is not None
    return found


def item(ident: str, status: str = "sent", **fields: Any) -> dict[str, Any]:
    text = fields.pop("text", BODY["message"])
    return {
        "type": "outgoing",
        "idMessage": ident,
        "timestamp": int(jn.utcnow().timestamp()),
        "typeMessage": "extendedTextMessage",
        "textMessage": text,
        "extendedTextMessage": {"text": text, "backgroundColor": "#228b22"},
        "statusMessage": status,
        "sendByApi": True,
        **fields,
    }


# --- sync ----------------------------------------------------------------------------------------


def test_sync_queues_an_unknown_entry_on_its_one_match_and_never_sends(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    lost = seed()
    api.get(SETTINGS_URL, json=ON)
    api.get(OUT_URL, json=[item("BAE5MATCH", "delivered"), item("OTHER", text="Other")])
    result = runner.invoke(app, ["sync"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{lost}\tunknown\tqueued\tBAE5MATCH\n"
    assert "1 entry changed state" in result.stderr
    assert [c.request.method for c in api.calls] == ["GET", "GET"], "nothing is ever sent"
    settled = entry(lost)
    assert (settled.state, settled.id_message, settled.delivery) == (
        "queued",
        "BAE5MATCH",
        "delivered",
    )
    assert "settled by sync" in str(settled.last_error)
    shown = json.loads(runner.invoke(app, ["history", "--json"]).stdout)[0]
    assert shown["idMessage"] == shown["id_message"] == "BAE5MATCH"
    assert shown["delivery"] == "delivered"


def test_sync_leaves_an_ambiguous_match_unknown_with_a_note(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    lost = seed()
    api.get(SETTINGS_URL, json=ON)
    api.get(OUT_URL, json=[item("BAE5ONE"), item("BAE5TWO")])
    result = runner.invoke(app, ["sync", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert f"entry {lost} stays unknown" in result.stderr
    kept = entry(lost)
    assert kept.state == "unknown" and kept.id_message is None
    assert "ambiguous" in str(kept.last_error) and "BAE5TWO" in str(kept.last_error)


def test_an_id_linked_to_another_entry_is_no_candidate(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    seed("queued", id_message="BAE5ONE")
    lost = seed()
    api.get(SETTINGS_URL, json=ON)
    api.get(OUT_URL, json=[item("BAE5ONE"), item("BAE5TWO")])
    result = runner.invoke(app, ["sync"])
    assert result.stdout == f"{lost}\tunknown\tqueued\tBAE5TWO\n"


@pytest.mark.parametrize(("hours", "after"), [(24.9, "unknown"), (25.1, "absent")])
def test_no_match_is_absent_only_25_hours_on(
    runner: CliRunner, api: responses.RequestsMock, hours: float, after: str
) -> None:
    lost = seed()
    age(lost, hours)
    api.get(SETTINGS_URL, json=ON)
    api.get(
        OUT_URL,
        json=[item("PHONE", sendByApi=False)],
        match=[responses.matchers.query_param_matcher({"minutes": str(int(hours * 60) + 2)})],
    )
    result = runner.invoke(app, ["sync", "--json"])
    assert result.exit_code == 0, result.output
    changed = [{"id": lost, "from": "unknown", "to": "absent", "idMessage": None}]
    assert json.loads(result.stdout) == (changed if after == "absent" else [])
    assert entry(lost).state == after


def test_an_absent_entry_no_longer_blocks_posting_it_again(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    lost = seed()
    repeat = runner.invoke(app, ["post", "Doors open"])
    assert repeat.exit_code == 2 and "may or may not have been queued" in repeat.stderr
    with jn.open_journal(folder=jn.state_dir()) as opened:
        assert opened.settle(lost, "unknown", "absent")
    api.post(SEND_URL, json={"idMessage": "BAE5AGAIN"})
    again = runner.invoke(app, ["post", "Doors open"])
    assert again.exit_code == 0, again.output
    assert again.stdout == "BAE5AGAIN\n"


def test_sync_updates_delivery_and_marks_deleted(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    seen = seed("queued", id_message="BAE5SEEN")
    gone = seed("queued", body={**BODY, "message": "gone"}, id_message="BAE5GONE")
    missing = seed("queued", body={**BODY, "message": "old"}, id_message="BAE5OLD")
    api.get(SETTINGS_URL, json=ON)
    api.get(
        OUT_URL, json=[item("BAE5SEEN", "read"), item("BAE5GONE", typeMessage="deletedMessage")]
    )
    result = runner.invoke(app, ["sync"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{gone}\tqueued\tdeleted\tBAE5GONE\n"
    assert "delivery updates: 1" in result.stderr
    assert entry(seen).delivery == "read"
    assert (entry(missing).state, entry(missing).delivery) == ("queued", None)


def test_sync_with_nothing_to_settle_reads_no_journal(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(SETTINGS_URL, json=ON)
    result = runner.invoke(app, ["sync"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_sync_without_outgoing_webhook_is_78_naming_it(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    lost = seed()
    api.get(SETTINGS_URL, json={"outgoingWebhook": "no"})
    result = runner.invoke(app, ["sync"])
    assert result.exit_code == 78
    assert "outgoingWebhook" in result.stderr
    assert entry(lost).state == "unknown"


def test_sync_403_is_77_and_a_5xx_is_75(runner: CliRunner, api: responses.RequestsMock) -> None:
    seed()
    api.get(SETTINGS_URL, json=ON)
    api.get(OUT_URL, status=403, body="Forbidden")
    assert runner.invoke(app, ["sync"]).exit_code == 77
    api.get(SETTINGS_URL, json=ON)
    api.get(OUT_URL, status=500, body="oops")
    assert runner.invoke(app, ["sync"]).exit_code == 75


# --- post --wait ---------------------------------------------------------------------------------


def test_wait_reaches_sent_polling_at_most_every_2_s(
    runner: CliRunner, api: responses.RequestsMock, clock: Clock
) -> None:
    api.get(SETTINGS_URL, json=ON)
    api.post(SEND_URL, json={"idMessage": "BAE5WAIT"})
    api.get(OUT_URL, json=[item("BAE5WAIT", "pending")])
    api.get(OUT_URL, json=[])
    api.get(OUT_URL, json=[item("BAE5WAIT", "read")])
    result = runner.invoke(app, ["post", "--wait", "Doors open"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "BAE5WAIT\n"
    assert "BAE5WAIT is read" in result.stderr
    assert [c.request.method for c in api.calls] == ["GET", "POST", "GET", "GET", "GET"]
    assert clock.slept and min(clock.slept) >= 1.99
    assert json.loads(runner.invoke(app, ["history", "--json"]).stdout)[0]["delivery"] == "read"


def test_wait_state_word_and_json(runner: CliRunner, api: responses.RequestsMock) -> None:
    api.get(SETTINGS_URL, json=ON)
    api.post(SEND_URL, json={"idMessage": "BAE5JSON"})
    api.get(OUT_URL, json=[item("BAE5JSON", "delivered")])
    result = runner.invoke(app, ["post", "Doors open", "--wait", "delivered", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"idMessage": "BAE5JSON", "state": "delivered"}


def test_wait_out_of_time_is_8_and_says_queued(
    runner: CliRunner, api: responses.RequestsMock, clock: Clock
) -> None:
    api.get(SETTINGS_URL, json=ON)
    api.post(SEND_URL, json={"idMessage": "BAE5SLOW"})
    api.get(OUT_URL, json=[item("BAE5SLOW", "sent")])
    result = runner.invoke(app, ["post", "Doors open", "--wait=read", "--wait-timeout", "5"])
    assert result.exit_code == 8, result.output
    assert result.stdout == "BAE5SLOW\n"
    assert "queued, not yet read after 5 s" in result.stderr
    assert "do not post it again" in result.stderr
    polls = [c for c in api.calls if c.request.method == "GET"][1:]
    assert 3 <= len(polls) <= 4, "5 s at most every 2 s"


def test_wait_out_of_time_json_is_the_last_state_and_the_wait(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(SETTINGS_URL, json=ON)
    api.post(SEND_URL, json={"idMessage": "BAE5SLOW"})
    api.get(OUT_URL, json=[])
    result = runner.invoke(app, ["post", "Doors open", "--wait", "--wait-timeout", "1", "--json"])
    assert result.exit_code == 8, result.output
    answer = json.loads(result.stdout)
    assert answer["idMessage"] == "BAE5SLOW" and answer["state"] == "pending"
    assert answer["waited"] >= 1


@pytest.mark.parametrize("status", [401, 403, 429, 500, 502])
def test_polling_failures_never_turn_queued_into_75_or_77(
    runner: CliRunner, api: responses.RequestsMock, status: int
) -> None:
    api.get(SETTINGS_URL, json=ON)
    api.post(SEND_URL, json={"idMessage": "BAE5POLL"})
    api.get(OUT_URL, status=status, body="nope")
    result = runner.invoke(app, ["post", "Doors open", "--wait", "--wait-timeout", "3"])
    assert result.exit_code == 8, result.output
    assert result.stdout == "BAE5POLL\n"
    assert result.stderr.count("checking the status failed") == 1, "warned once"


def test_wait_without_outgoing_webhook_is_78_before_anything_is_sent(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(SETTINGS_URL, json={"outgoingWebhook": "no"})
    result = runner.invoke(app, ["post", "Doors open", "--wait"])
    assert result.exit_code == 78
    assert "outgoingWebhook" in result.stderr
    assert len(api.calls) == 1


@pytest.mark.parametrize(
    "extra",
    [
        ["--at", "23:59"],
        ["--in", "1h"],
        ["--dry-run"],
        ["--wait-timeout", "0.5"],
        ["--wait-timeout", "nan"],
    ],
)
def test_wait_with_a_schedule_a_dry_run_or_a_bad_timeout_is_2(
    runner: CliRunner, api: responses.RequestsMock, extra: list[str]
) -> None:
    result = runner.invoke(app, ["post", "Doors open", "--wait", *extra])
    assert result.exit_code == 2, result.output
    assert not api.calls


def test_wait_timeout_alone_is_2(runner: CliRunner, api: responses.RequestsMock) -> None:
    result = runner.invoke(app, ["post", "Doors open", "--wait-timeout", "10"])
    assert result.exit_code == 2 and "--wait-timeout needs --wait" in result.stderr


def test_a_repeat_of_a_queued_status_waits_on_the_earlier_id(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    api.get(SETTINGS_URL, json=ON)
    api.post(SEND_URL, json={"idMessage": "BAE5FIRST"})
    assert runner.invoke(app, ["post", "Doors open"]).exit_code == 0
    api.get(OUT_URL, json=[item("BAE5FIRST", "sent")])
    result = runner.invoke(app, ["post", "Doors open", "--wait"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "BAE5FIRST\n"
    assert [c.request.method for c in api.calls].count("POST") == 1, "not sent again"


# --- report --------------------------------------------------------------------------------------


def test_report_piped_counts_reached_delivered_viewed(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    older = seed("queued", id_message="BAE5OLDER")
    seed("queued", body={**BODY, "message": "Newer\nsecond line"}, id_message="BAE5NEWER")
    seed("unknown", body={**BODY, "message": "not counted"})
    age(older, 2)
    stats = [{"participant": f"{n}@c.us", "status": s} for n, s in enumerate(["sent", "read"])]
    api.get(
        STAT_URL,
        json=stats,
        match=[responses.matchers.query_param_matcher({"idMessage": "BAE5NEWER"})],
    )
    api.get(STAT_URL, status=500, body="oops")
    result = runner.invoke(app, ["report", "--retries", "0"])
    assert result.exit_code == 75, result.output
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert [line[0] for line in lines] == ["BAE5NEWER", "BAE5OLDER"]
    assert lines[0][2:] == ["text", "2", "1", "1", "Newer"]
    assert lines[1][3:6] == ["-", "-", "-"]


def test_report_json_keys_limit_and_403(runner: CliRunner, api: responses.RequestsMock) -> None:
    for n in range(3):
        seed("queued", body={**BODY, "message": f"s{n}"}, id_message=f"BAE5{n}")
    api.get(STAT_URL, json=[{"participant": "1@c.us", "status": "delivered"}])
    api.get(STAT_URL, json=[])
    result = runner.invoke(app, ["report", "--limit", "2", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["idMessage"] for r in rows] == ["BAE52", "BAE51"]
    assert set(rows[0]) == {
        "idMessage",
        "created",
        "kind",
        "reached",
        "delivered",
        "viewed",
        "first_line",
    }
    assert (rows[0]["reached"], rows[0]["delivered"], rows[0]["viewed"]) == (1, 1, 0)
    api.get(STAT_URL, status=403, body="Forbidden")
    assert runner.invoke(app, ["report"]).exit_code == 77


def test_report_all_adds_the_phones_statuses(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    seed("queued", id_message="BAE5API")
    phone = item("PHONE1", sendByApi=False, text="From the phone")
    api.get(
        OUT_URL,
        json=[phone, item("BAE5API")],
        match=[responses.matchers.query_param_matcher({"minutes": "1440"})],
    )
    api.get(STAT_URL, json=[])
    api.get(STAT_URL, json=[])
    result = runner.invoke(app, ["report", "--all", "--days", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(line.split("\t")[0] for line in result.stdout.splitlines()) == [
        "BAE5API",
        "PHONE1",
    ]


def test_report_on_a_terminal_has_a_total_and_the_best(
    runner: CliRunner, api: responses.RequestsMock, on_terminal: pytest.MonkeyPatch
) -> None:
    seed("queued", id_message="BAE5BEST")
    api.get(STAT_URL, json=[{"participant": "1@c.us", "status": "read"}])
    result = runner.invoke(app, ["report"])
    assert result.exit_code == 0, result.output
    assert "Total: 1 status, reached 1, delivered 1, viewed 1" in result.stdout
    assert "Best: Doors open" in result.stdout and "█" in result.stdout


# --- outbox flush --------------------------------------------------------------------------------


def test_flush_settles_the_unknown_entries_of_the_instance_it_sent_to(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    from helpers import seed_due

    lost = seed()
    seed_due(jn.state_dir(), 1)
    api.post(SEND_URL, json={"idMessage": "BAE5DUE"})
    api.get(SETTINGS_URL, json=ON)
    api.get(OUT_URL, json=[item("BAE5LOST")])
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\tBAE5DUE\n")
    assert f"journal entry {lost}: unknown -> queued (BAE5LOST)" in result.stderr
    assert entry(lost).id_message == "BAE5LOST"


def test_flush_with_outgoing_webhook_off_warns_and_goes_on(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    from helpers import seed_due

    seed()
    seed_due(jn.state_dir(), 1)
    api.post(SEND_URL, json={"idMessage": "BAE5DUE"})
    api.get(SETTINGS_URL, json={"outgoingWebhook": "no"})
    result = runner.invoke(app, ["outbox", "flush"])
    assert result.exit_code == 0, result.output
    assert "warning: unknown entries not settled" in result.stderr


def test_a_journal_written_by_0_2_is_settled_after_its_migration(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    """journal_v2.sqlite3's entry 3 ("Lost answer v2") was queued as BAE5F4886F6F0003, then
    answered 502: once migrated, sync finds it, and entry 1 gets its delivery."""
    import shutil

    from helpers import DATA

    folder = jn.state_dir()
    folder.mkdir(parents=True, mode=0o700)
    shutil.copyfile(DATA / "journal_v2.sqlite3", folder / jn.FILE_NAME)
    (folder / jn.FILE_NAME).chmod(0o600)
    created = int(jn.parse_iso(entry(3).created).timestamp())
    lost = {**item("BAE5F4886F6F0003", "delivered", text="Lost answer v2"), "timestamp": created}
    api.get(SETTINGS_URL, json=ON)
    api.get(OUT_URL, json=[lost, {**item("BAE5F4886F6F0001", "read"), "timestamp": created}])
    result = runner.invoke(app, ["sync"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "3\tunknown\tqueued\tBAE5F4886F6F0003\n"
    assert entry(1).delivery == "read" and entry(3).delivery == "delivered"
    assert [entry(n).state for n in (2, 4, 5)] == ["queued", "scheduled", "deleted"]


def test_an_absent_entry_is_never_sent_by_a_flush_nor_by_sync(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    absent = seed("absent")
    flushed = runner.invoke(app, ["outbox", "flush"])
    assert (flushed.exit_code, flushed.stdout) == (0, "")
    api.get(SETTINGS_URL, json=ON)
    synced = runner.invoke(app, ["sync"])
    assert (synced.exit_code, synced.stdout) == (0, "")
    assert [c.request.url.split("/")[4] for c in api.calls] == ["getSettings"]
    assert entry(absent).state == "absent"


def test_a_settled_entry_counts_as_queued_when_it_was_sent_for_last(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    lost = seed()
    age(lost, 2)
    seed("queued", body={**BODY, "message": "newer"}, id_message="BAE5NEWER")
    api.get(SETTINGS_URL, json=ON)
    api.get(OUT_URL, json=[item("BAE5FOUND")])
    assert runner.invoke(app, ["sync"]).stdout == f"{lost}\tunknown\tqueued\tBAE5FOUND\n"
    with jn.open_journal(folder=jn.state_dir()) as opened:
        newest = opened.last_queued(ID_INSTANCE)
    assert newest is not None and newest.id_message == "BAE5NEWER"
