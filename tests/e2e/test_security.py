"""The token never shows whole; commands that send nothing import neither requests nor rich."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import modules_after
from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI, Reply

from greenstatus.cli import app


def env_for(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
    env.update(
        GREENSTATUS_ID_INSTANCE=ID_INSTANCE,
        GREENSTATUS_API_TOKEN_INSTANCE=TOKEN,
        GREENSTATUS_API_URL=url,
    )
    env.update(extra)
    return env


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


REPLIES = {
    "401": Reply(401, "Unauthorized"),
    "403": Reply(403, "Forbidden"),
    "400 echoing the URL": Reply(400, f"bad request for /waInstance{ID_INSTANCE}/x/{TOKEN}"),
    "500": Reply(500, {"message": f"crash at {TOKEN}"}),
    "429 exhausted": Reply(429, "Too Many Requests", {"Retry-After": "0"}),
    "200 without id": Reply(200, {"echo": TOKEN}),
    "read timeout": Reply(200, {"idMessage": "X"}, delay=2),
}


@pytest.mark.parametrize("case", list(REPLIES))
@pytest.mark.parametrize("flags", [[], ["-v"], ["--json"], ["-v", "--json"]])
def test_token_never_printed_on_failure(
    exe: str, tmp_path: Path, case: str, flags: list[str]
) -> None:
    with FakeAPI() as server:
        for _ in range(2):
            server.replies.append(REPLIES[case])
        result = subprocess.run(
            [exe, "post", "hi", "--retries", "1", "--timeout", "0.5", *flags],
            env=env_for(server.url, tmp_path, GREENSTATUS_DEBUG="1"),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    assert TOKEN not in result.stdout + result.stderr
    assert result.stderr.strip(), "a failure says something"


@pytest.mark.parametrize("flags", [[], ["-v"], ["--json", "-v"]])
def test_token_never_printed_when_connection_refused(
    exe: str, tmp_path: Path, flags: list[str]
) -> None:
    result = subprocess.run(
        [exe, "post", "hi", "--retries", "0", *flags],
        env=env_for(closed_port_url(), tmp_path, GREENSTATUS_DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 75
    assert "127.0.0.1" in result.stderr, "the message still says where it tried"
    assert TOKEN not in result.stdout + result.stderr


@pytest.mark.parametrize("flags", [["-n"], ["-n", "--json"], ["-n", "-v"], ["-v"]])
def test_token_never_printed_on_success_or_dry_run(
    exe: str, tmp_path: Path, flags: list[str]
) -> None:
    with FakeAPI() as server:
        result = subprocess.run(
            [exe, "post", "hi", *flags],
            env=env_for(server.url, tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert TOKEN not in result.stdout + result.stderr


def test_unexpected_error_with_debug_traceback_is_scrubbed(tmp_path: Path) -> None:
    code = (
        "import sys, greenstatus.api as c\n"
        "def boom(*a, **k): raise ValueError('leak ' + a[0].url('sendTextStatus'))\n"
        "c.send_status = boom\n"
        "from greenstatus.__main__ import main\n"
        "sys.argv = ['greenstatus', 'post', 'hi']\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env_for("http://127.0.0.1:9", tmp_path, GREENSTATUS_DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "ValueError" in result.stderr
    assert TOKEN not in result.stderr


def test_tracebacks_never_show_locals() -> None:
    assert app.pretty_exceptions_show_locals is False


@pytest.mark.parametrize(
    "args", [["--version"], ["fonts"], ["config", "path"], ["completion", "bash"]]
)
def test_commands_that_draw_nothing_import_neither_requests_nor_rich(
    args: list[str], tmp_path: Path
) -> None:
    assert modules_after(args, tmp_path) == set()


@pytest.mark.parametrize(
    "args", [["post", "hi", "--dry-run"], ["post", "hi", "-n", "--json"], ["--help"]]
)
def test_dry_run_and_help_never_import_requests(args: list[str], tmp_path: Path) -> None:
    assert "requests" not in modules_after(args, tmp_path)
    assert "urllib3" not in modules_after(args, tmp_path)
