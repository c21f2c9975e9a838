"""`list`, `stats` and `delete` as the installed command, against the local fake GREEN-API."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import creds, leaks, run
from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI, Reply


def no_token(result: subprocess.CompletedProcess[str]) -> None:
    assert not leaks(result.stdout + result.stderr)


def test_list_then_stats_of_the_documented_journal(exe: str, fake_api: FakeAPI) -> None:
    env = creds(fake_api.url)
    listed = run(exe, ["list"], env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == (
        "BAE5018000000000\t2024-03-11T05:26:51Z\ttext\tread\tI use Green-API to send this status!\n"
        "BAE5207000000000\t2024-03-11T05:26:54Z\timage\tread\tLittle horse\n"
    )
    stats = run(exe, ["stats", "BAE5018000000000"], env)
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.splitlines() == [
        "11001234567\tread\t2020-04-17T13:15:19Z",
        "11001234568\tdelivered\t2020-04-17T13:15:20Z",
        "11001234569\tsent\t2020-04-17T13:15:21Z",
    ]
    seen = [(s.method, s.path, s.body) for s in fake_api.seen]
    assert seen == [
        ("GET", f"/waInstance{ID_INSTANCE}/getOutgoingStatuses/{TOKEN}?minutes=1440", b""),
        (
            "GET",
            f"/waInstance{ID_INSTANCE}/getStatusStatistic/{TOKEN}?idMessage=BAE5018000000000",
            b"",
        ),
    ]


def test_readme_one_liners(exe: str, fake_api: FakeAPI) -> None:
    env = creds(fake_api.url, PATH=f"{Path(exe).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}")
    sh = shutil.which("sh") or "/bin/sh"

    def shell(line: str) -> str:
        done = subprocess.run([sh, "-c", line], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert shell("greenstatus list --state read | wc -l").strip() == "2"
    assert shell("greenstatus list | cut -f3 | sort | uniq -c").split() == [
        "1",
        "image",
        "1",
        "text",
    ]
    assert shell("greenstatus stats BAE5018000000000 | grep -c -w read") == "1\n"
    assert shell("greenstatus list --incoming | cut -f4") == "70000000002@c.us\n"
    # Issue 16: a pending status whose text says "read" is not counted as read.
    shell("greenstatus post 'read me first' >/dev/null")
    assert shell("greenstatus list | grep -c read") == "3\n"
    assert shell("greenstatus list --state read | wc -l").strip() == "2"
    assert shell("greenstatus list --state pending | cut -f5") == "read me first\n"


def test_post_list_delete_round_trip(exe: str, fake_api: FakeAPI) -> None:
    env = creds(fake_api.url)
    posted = run(exe, ["post", "Closed for lunch", "-c", "navy", "-f", "serif"], env)
    assert posted.returncode == 0, posted.stderr
    ident = posted.stdout.strip()
    listed = run(exe, ["list", "--minutes", "5"], env)
    mine = [line.split("\t") for line in listed.stdout.splitlines() if line.startswith(ident)]
    assert len(mine) == 1
    assert mine[0][2:] == ["text", "pending", "Closed for lunch"]

    refused = run(exe, ["delete", ident], env)
    assert refused.returncode == 2 and refused.stdout == ""
    assert all("deleteStatus" not in s.path for s in fake_api.seen)

    deleted = run(exe, ["delete", ident, "--yes"], env)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout == f"{ident}\n"
    assert fake_api.deleted == [ident]
    assert fake_api.seen[-1].json() == {"idMessage": ident}
    assert fake_api.seen[-1].headers["Content-Type"] == "application/json"

    again = run(exe, ["delete", ident, "--yes"], env)
    assert again.returncode == 65
    assert "no status" in again.stderr and "notfound" in again.stderr

    after = run(exe, ["list"], env)
    assert f"{ident}\t" in after.stdout and "\tother\t" in after.stdout


def test_empty_journal_hint_makes_one_settings_call(exe: str, fake_api: FakeAPI) -> None:
    fake_api.outgoing_webhook = "no"
    result = run(exe, ["list"], creds(fake_api.url))
    assert result.returncode == 0
    assert result.stdout == ""
    assert 'outgoingWebhook = "yes" (it is "no"' in result.stderr
    assert "statuses sent before it was enabled never appear" in result.stderr
    assert [s.path.split("/")[2] for s in fake_api.seen] == ["getOutgoingStatuses", "getSettings"]


def test_no_hint_for_an_empty_list_when_the_setting_is_on(exe: str, fake_api: FakeAPI) -> None:
    fake_api.outgoing.clear()
    result = run(exe, ["list"], creds(fake_api.url))
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert len(fake_api.seen) == 2


def test_stats_empty_note_and_json(exe: str, fake_api: FakeAPI) -> None:
    env = creds(fake_api.url)
    empty = run(exe, ["stats", "UNKNOWN1"], env)
    assert empty.returncode == 0 and empty.stdout == ""
    assert "no statistics for UNKNOWN1" in empty.stderr
    as_json = run(exe, ["stats", "UNKNOWN1", "--json"], env)
    assert as_json.returncode == 0 and as_json.stdout.strip() == "[]"


def test_last_is_the_newest_queued_post_and_delete_marks_it_deleted(
    exe: str, fake_api: FakeAPI
) -> None:
    env = creds(fake_api.url)
    none_yet = run(exe, ["stats", "last"], env)
    assert none_yet.returncode == 2
    assert "no queued status in the journal" in none_yet.stderr
    assert fake_api.seen == []
    first = run(exe, ["post", "first"], env)
    second = run(exe, ["post", "second"], env)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    newest = second.stdout.strip()
    fake_api.statistics[newest] = [
        {"participant": "79001234567@c.us", "status": "read", "timestamp": 1700000000}
    ]
    stats = run(exe, ["stats", "last"], env)
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout == "79001234567\tread\t2023-11-14T22:13:20Z\n"
    assert fake_api.seen[-1].path.endswith(f"?idMessage={newest}")
    deleted = run(exe, ["delete", "last", "--yes"], env)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout == f"{newest}\n"
    assert fake_api.deleted == [newest]
    history = run(exe, ["history"], env)
    states = {line.split("\t")[3]: line.split("\t")[2] for line in history.stdout.splitlines()}
    assert states == {newest: "deleted", first.stdout.strip(): "queued"}
    # `last` now means the newest status still queued: the first one.
    again = run(exe, ["stats", "last", "--json"], env)
    assert again.returncode == 0
    assert fake_api.seen[-1].path.endswith(f"?idMessage={first.stdout.strip()}")


def test_last_with_the_journal_off_is_exit_2(exe: str, fake_api: FakeAPI) -> None:
    result = run(exe, ["delete", "last", "--yes"], creds(fake_api.url, GREENSTATUS_JOURNAL="off"))
    assert result.returncode == 2
    assert "journal, which is off" in result.stderr
    assert fake_api.seen == []


def test_429_retry_is_paced_a_second_after_the_first_request(exe: str, fake_api: FakeAPI) -> None:
    fake_api.replies.append(Reply(429, "Too Many Requests", {"Retry-After": "0"}))
    result = run(exe, ["stats", "BAE5018000000000"], creds(fake_api.url))
    assert result.returncode == 0, result.stderr
    first, second = fake_api.seen
    assert second.at - first.at >= 0.95


def test_403_is_the_beta_message(exe: str, fake_api: FakeAPI) -> None:
    fake_api.replies.append(Reply(403, "Forbidden"))
    result = run(exe, ["list", "-v"], creds(fake_api.url))
    assert result.returncode == 77
    assert "no access to the status methods" in result.stderr
    no_token(result)


FAILURES = {
    "403": Reply(403, "Forbidden"),
    "401": Reply(401, "Unauthorized"),
    "400 echoing the URL": Reply(400, f"bad request for /waInstance{ID_INSTANCE}/x/{TOKEN}"),
    "500": Reply(500, {"message": f"crash at {TOKEN}"}),
    "200 not JSON": Reply(200, f"<html>{TOKEN}</html>"),
}
COMMANDS = {
    "list": ["list"],
    "stats": ["stats", "BAE5018000000000"],
    "delete": ["delete", "BAE5018000000000", "--yes"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(FAILURES))
def test_token_never_printed_on_failure(exe: str, command: str, case: str) -> None:
    with FakeAPI() as server:
        server.replies.append(FAILURES[case])
        result = run(
            exe,
            [*COMMANDS[command], "-v", "--retries", "0"],
            creds(server.url, GREENSTATUS_DEBUG="1"),
        )
    if command == "delete" and case == "200 not JSON":
        assert result.returncode == 0, "a 200 from deleteStatus is a success whatever its body"
    else:
        assert result.returncode != 0
        assert result.stderr.strip()
    no_token(result)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_token_never_printed_on_success_with_verbose(exe: str, command: str) -> None:
    with FakeAPI() as server:
        server.outgoing[0]["textMessage"] = f"echo {TOKEN}"
        server.outgoing[0]["extendedTextMessage"]["text"] = "y" * 35 + TOKEN
        flags = ["--json"] if command != "delete" else []
        plain = run(exe, [*COMMANDS[command], "-v"], creds(server.url))
        both = run(exe, [*COMMANDS[command], "-v", *flags], creds(server.url))
    for result in (plain, both):
        assert result.returncode in (0, 65), result.stderr  # the second delete finds nothing
        assert "d75b…2345" in result.stderr, "-v shows the masked URL"
        no_token(result)


def test_broken_pipe_is_quiet(exe: str, fake_api: FakeAPI) -> None:
    env = creds(fake_api.url)
    fake_api.outgoing.extend(
        {**fake_api.outgoing[0], "idMessage": f"MANY{i:05d}"} for i in range(3000)
    )
    sh = shutil.which("sh") or "/bin/sh"
    done = subprocess.run(
        [sh, "-c", f"'{exe}' list | head -1; echo ${{PIPESTATUS:-}}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.startswith("BAE5018000000000\t")
    assert "Traceback" not in done.stderr and "Error" not in done.stderr


@pytest.mark.parametrize(
    "args", [["list", "--help"], ["stats", "-h"], ["delete", "--help"], ["delete", "X1"]]
)
def test_help_and_refusals_never_import_requests(args: list[str], tmp_path: Path) -> None:
    from helpers import modules_after

    assert not {"requests", "urllib3"} & modules_after(args, tmp_path)
