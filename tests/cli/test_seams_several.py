"""post -p A -p B with --wait, names and --except: each profile resolves its own contacts and
waits on its own idMessage; the exit is the first failure's code, 8 included."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import FakeAPI, profiles_toml
from typer.testing import CliRunner

from greenstatus.cli import app


@pytest.fixture
def two(write_config: Callable[[str], Path]) -> Iterator[tuple[FakeAPI, FakeAPI]]:
    """north's Boris and south's Boris are different people; south has no Anna."""
    north = FakeAPI(id_instance="1101000001", token="1" * 50)
    south = FakeAPI(id_instance="1101000002", token="2" * 50)
    for server in (north, south):
        server.__enter__()
    south.contacts = [
        {"id": "79005550000@c.us", "name": "B", "contactName": "Boris", "type": "user"},
        {"id": "79005550001@c.us", "name": "Z", "contactName": "Zed", "type": "user"},
    ]
    write_config(profiles_toml([("north", north), ("south", south)]))
    yield north, south
    for server in (north, south):
        server.__exit__(None, None, None)


def calls(server: FakeAPI) -> list[tuple[str, str]]:
    return [(seen.path.split("/")[-2], seen.path.rpartition("/")[2]) for seen in server.seen]


def sent(server: FakeAPI) -> list[dict[str, object]]:
    return [json.loads(seen.body) for seen in server.seen if "sendTextStatus" in seen.path]


def polled(server: FakeAPI) -> list[str]:
    return [s.path for s in server.seen if "getOutgoingStatuses" in s.path]


def test_names_resolve_per_profile_and_each_waits_on_its_own_id(
    runner: CliRunner, two: tuple[FakeAPI, FakeAPI]
) -> None:
    north, south = two
    north.schedule = {"sent": 0.0}
    south.schedule = {"sent": 0.0, "delivered": 0.0}
    result = runner.invoke(
        app, ["post", "hi", "-p", "north", "-p", "south", "-t", "boris", "--wait", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert [b["participants"] for b in (*sent(north), *sent(south))] == [
        ["79001234568@c.us"],
        ["79005550000@c.us"],
    ]
    shown = json.loads(result.stdout)
    assert [(r["profile"], r["state"]) for r in shown] == [
        ("north", "sent"),
        ("south", "delivered"),
    ]
    assert shown[0]["idMessage"] == north.outgoing[-1]["idMessage"]
    assert shown[1]["idMessage"] == south.outgoing[-1]["idMessage"]
    assert polled(north) and polled(south)


def test_a_wait_that_runs_out_on_one_profile_is_exit_8_and_the_others_post(
    runner: CliRunner, two: tuple[FakeAPI, FakeAPI], on_terminal: pytest.MonkeyPatch
) -> None:
    north, south = two
    north.schedule = {"sent": 0.0}  # south's status stays pending
    result = runner.invoke(
        app, ["post", "hi", "-p", "south", "-p", "north", "--wait", "--wait-timeout", "1"]
    )
    assert result.exit_code == 8, result.output
    south_id, north_id = south.outgoing[-1]["idMessage"], north.outgoing[-1]["idMessage"]
    assert f"south: queued, idMessage {south_id}; still pending after 1 s" in result.stdout
    assert f"north: sent, idMessage {north_id}" in result.stdout
    assert "do not post it again" in result.stderr


def test_except_is_matched_per_profile_and_a_name_one_lacks_fails_only_there(
    runner: CliRunner, two: tuple[FakeAPI, FakeAPI]
) -> None:
    north, south = two
    result = runner.invoke(
        app, ["post", "hi", "-p", "north", "-p", "south", "--except", "Zed", "--json"]
    )
    assert result.exit_code == 2
    shown = json.loads(result.stdout)
    assert shown[0]["profile"] == "north" and shown[0]["error"]["exit_code"] == 2
    assert sent(north) == []
    assert sent(south) == [
        {"message": "hi", "backgroundColor": "#228B22", "participants": ["79005550000@c.us"]}
    ]
