"""outbox flush settles per instance (issue 19): with entries on two profiles, each instance's
unknown entries are matched against that instance's journal only, one call per instance."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import FakeAPI, profiles_toml
from typer.testing import CliRunner

from greenstatus import store as jn
from greenstatus.cli import app
from greenstatus.sandbox.statuses import journal_item

INSTANCES = {"north": "1101000001", "south": "1101000002"}


@pytest.fixture
def two(write_config: Callable[[str], Path]) -> Iterator[dict[str, FakeAPI]]:
    servers = {
        name: FakeAPI(id_instance=ident, token=ident[-1] * 50) for name, ident in INSTANCES.items()
    }
    for server in servers.values():
        server.__enter__()
    write_config(profiles_toml(servers.items()))
    yield servers
    for server in servers.values():
        server.__exit__(None, None, None)


def seed(profile: str, text: str, state: str) -> int:
    body = {"message": text, "backgroundColor": "#228B22"}
    with jn.open_journal(folder=jn.state_dir()) as opened:
        added = opened.add(
            jn.NewEntry(
                profile=profile,
                id_instance=INSTANCES[profile],
                kind="text",
                body=body,
                fingerprint=jn.fingerprint("text", body),
                state="pending",
                not_before=jn.utcnow(),
            )
        )
        assert added.entry is not None
        if state != "pending":
            opened.finish(added.entry.id, state)
        return added.entry.id


def calls(server: FakeAPI, method: str) -> int:
    return sum(f"/{method}/" in seen.path for seen in server.seen)


def test_each_instance_settles_its_own_unknown_entries_once(
    runner: CliRunner, two: dict[str, FakeAPI]
) -> None:
    north, south = two["north"], two["south"]
    lost_north = seed("north", "Lost on north", "unknown")
    lost_south = seed("south", "Lost on south", "unknown")
    seed("north", "Due on north", "pending")
    seed("south", "Due on south", "pending")
    body = {"backgroundColor": "#228B22"}
    north.outgoing = [journal_item("BAE5NORTH", {"message": "Lost on north", **body})]
    # south's lost status, as north's journal would never hold it: proof of which was read.
    north.outgoing.append(journal_item("BAE5DECOY", {"message": "Lost on south", **body}))
    south.outgoing = [journal_item("BAE5SOUTH", {"message": "Lost on south", **body})]
    result = runner.invoke(app, ["outbox", "flush", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["state"] for r in json.loads(result.stdout)] == ["queued", "queued"]
    for server in (north, south):
        assert calls(server, "sendTextStatus") == 1
        assert calls(server, "getOutgoingStatuses") == 1
        assert calls(server, "getSettings") == 1
    with jn.open_journal(folder=jn.state_dir()) as opened:
        settled = {e.id: (e.state, e.id_message) for e in opened.unsettled(INSTANCES["north"], "")}
        settled |= {e.id: (e.state, e.id_message) for e in opened.unsettled(INSTANCES["south"], "")}
    assert settled[lost_north] == ("queued", "BAE5NORTH")
    assert settled[lost_south] == ("queued", "BAE5SOUTH")
