"""post -p A -p B / --all-profiles: one status on several instances, one line per profile."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import FakeAPI, Reply, profiles_toml
from typer.testing import CliRunner

from greenstatus.cli import app

NAMES = ("north", "south", "east")


@pytest.fixture
def three(write_config: Callable[[str], Path]) -> Iterator[list[FakeAPI]]:
    """Three instances, each on its own server with its own token; the profiles in the file
    in the order east, north, south (not the order the tests name them)."""
    servers = [FakeAPI(id_instance=f"110100000{n}", token=f"{n}" * 50) for n in range(1, 4)]
    for server in servers:
        server.__enter__()
    by_name = dict(zip(NAMES, servers, strict=True))
    in_file = [(name, by_name[name]) for name in ("east", *NAMES[:2])]
    write_config('default_profile = "north"\n' + profiles_toml(in_file))
    yield servers
    for server in servers:
        server.__exit__(None, None, None)


def sent(server: FakeAPI) -> list[dict[str, object]]:
    return [json.loads(seen.body) for seen in server.seen if "sendTextStatus" in seen.path]


def test_second_fails_third_still_posts_and_the_exit_is_the_first_failure(
    runner: CliRunner, three: list[FakeAPI]
) -> None:
    three[1].replies.append(Reply(400, "Bad Request"))
    result = runner.invoke(app, ["post", "Open", "-p", "north", "-p", "south", "-p", "east"])
    assert result.exit_code == 65
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert [line[0] for line in lines] == ["north", "south", "east"]
    assert lines[1][1] == "-" and "HTTP 400" in lines[1][2]
    assert lines[0][1].startswith("BAE5") and lines[2][1].startswith("BAE5")
    assert [len(sent(s)) for s in three] == [1, 1, 1]  # the refused one was tried once
    assert result.stderr.count("greenstatus: error:") == 1


def test_all_profiles_follow_the_file_and_json_is_a_list(
    runner: CliRunner, three: list[FakeAPI]
) -> None:
    result = runner.invoke(app, ["post", "Open", "--all-profiles", "--json"])
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert [r["profile"] for r in shown] == ["east", "north", "south"]
    assert all(set(r) == {"profile", "idMessage"} for r in shown)
    assert all(sent(s) == [{"message": "Open", "backgroundColor": "#228B22"}] for s in three)


def test_a_failure_in_json_carries_the_error_keys(runner: CliRunner, three: list[FakeAPI]) -> None:
    three[0].replies.append(Reply(400, "Bad Request"))
    result = runner.invoke(app, ["post", "Open", "-p", "north", "-p", "south", "--json"])
    assert result.exit_code == 65
    first, second = json.loads(result.stdout)
    assert first["profile"] == "north"
    assert set(first["error"]) == {"exit_code", "http_status", "message"}
    assert first["error"]["exit_code"] == 65 and "idMessage" in second


def test_dry_run_json_shows_every_request_and_sends_nothing(
    runner: CliRunner, three: list[FakeAPI]
) -> None:
    result = runner.invoke(app, ["post", "Open", "-p", "south", "-p", "north", "-n", "--json"])
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert [(r["profile"], r["method"]) for r in shown] == [("south", "POST"), ("north", "POST")]
    assert three[1].id_instance in shown[0]["url"] and three[1].token not in shown[0]["url"]
    assert all(sent(s) == [] for s in three)


def test_a_profile_named_twice_posts_once_and_stdin_reaches_each(
    runner: CliRunner, three: list[FakeAPI]
) -> None:
    result = runner.invoke(
        app, ["post", "-p", "south", "-p", "north", "-p", "south"], input=b"from a pipe"
    )
    assert result.exit_code == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["south", "north"]
    assert (
        sent(three[1])
        == sent(three[0])
        == [{"message": "from a pipe", "backgroundColor": "#228B22"}]
    )
    assert sent(three[2]) == []


def test_each_profile_has_its_own_duplicate_guard(runner: CliRunner, three: list[FakeAPI]) -> None:
    assert runner.invoke(app, ["post", "Open", "-p", "north"]).exit_code == 0
    result = runner.invoke(app, ["post", "Open", "-p", "north", "-p", "south"])
    assert result.exit_code == 0
    assert [len(sent(s)) for s in three[:2]] == [1, 1]  # north's repeat was not sent again


@pytest.mark.parametrize(
    "args",
    [
        ["outbox", "list", "-p", "north", "-p", "south"],
        ["history", "--profile", "north", "--profile=south"],
        ["post", "x", "-p", "north", "--all-profiles"],
    ],
)
def test_two_profiles_elsewhere_or_p_with_all_profiles_is_a_usage_error(
    runner: CliRunner, three: list[FakeAPI], args: list[str]
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.stderr
    assert all(sent(s) == [] for s in three)


def test_each_profile_uploads_its_own_copy_to_its_own_media_host(
    runner: CliRunner, three: list[FakeAPI], tmp_path: Path
) -> None:
    photo = tmp_path / "offer.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)
    result = runner.invoke(
        app, ["post", "--media", str(photo), "Two for one", "-p", "east", "-p", "south"]
    )
    assert result.exit_code == 0, result.stderr
    east, south = three[2], three[1]
    for server in (east, south):
        assert [u.data for u in server.uploads] == [photo.read_bytes()]
        (media,) = [json.loads(s.body) for s in server.seen if "sendMediaStatus" in s.path]
        assert media["urlFile"].startswith(server.url) and media["caption"] == "Two for one"
    assert three[0].uploads == []
