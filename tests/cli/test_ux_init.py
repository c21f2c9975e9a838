"""Issue 16, `config init` never drops what was typed: a refused token is asked for again on a
terminal, and a check that could not be made offers to save without it."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pexpect
import pytest
import responses
from helpers import STATE_URL
from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI, Reply
from typer.testing import CliRunner

from greenstatus.cli import app


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def spawn(exe: str, tmp_path: Path, transcript: list[str]) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
    env["GREENSTATUS_CONFIG"] = str(tmp_path / "config.toml")
    child = pexpect.spawn(exe, ["config", "init"], env=env, encoding="utf-8", timeout=30)
    child.logfile_read = _Collect(transcript)
    return child


def answer_first_prompts(child: pexpect.spawn, api_url: str, token: str) -> None:
    child.expect("idInstance")
    child.sendline(ID_INSTANCE)
    child.expect(r"apiUrl \[")
    child.sendline(api_url)
    child.expect(r"apiTokenInstance \(input hidden\)")
    child.sendline(token)


class _Collect:
    def __init__(self, into: list[str]) -> None:
        self.into = into

    def write(self, data: str) -> None:
        self.into.append(data)

    def flush(self) -> None:
        pass


@pytest.mark.e2e
def test_a_refused_token_is_asked_for_again(exe: str, tmp_path: Path) -> None:
    transcript: list[str] = []
    with FakeAPI() as server:
        server.replies.append(Reply(401, "Unauthorized"))
        child = spawn(exe, tmp_path, transcript)
        answer_first_prompts(child, server.url, "mistypedtoken0123456789")
        child.expect("apiTokenInstance was rejected")
        child.expect(r"apiTokenInstance again \(input hidden\)")
        child.sendline(TOKEN)
        child.expect(pexpect.EOF)
        child.close()
        tokens = [s.path.rsplit("/", 1)[1] for s in server.seen]
    text = "".join(transcript)
    assert child.exitstatus == 0, text
    assert tokens == ["mistypedtoken0123456789", TOKEN]
    assert "instance state: authorized" in text and TOKEN[:8] not in text
    saved = (tmp_path / "config.toml").read_text()
    assert f'id_instance = "{ID_INSTANCE}"' in saved and f'api_token_instance = "{TOKEN}"' in saved


@pytest.mark.parametrize(("answer", "code"), [("y", 0), ("n", 75)])
@pytest.mark.e2e
def test_a_network_failure_offers_to_save_without_the_check(
    exe: str, tmp_path: Path, answer: str, code: int
) -> None:
    transcript: list[str] = []
    url = closed_port_url()
    child = spawn(exe, tmp_path, transcript)
    answer_first_prompts(child, url, TOKEN)
    child.expect(r"Save the profile without it\?.*--no-verify.*\[y/N\]")
    child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    text = "".join(transcript)
    assert child.exitstatus == code, text
    config = tmp_path / "config.toml"
    if answer == "y":
        assert f'api_token_instance = "{TOKEN}"' in config.read_text()
        assert f'api_url = "{url}"' in config.read_text()
    else:
        assert not config.exists() and "nothing was saved" in text
    assert TOKEN[:8] not in text


def test_without_a_terminal_a_network_failure_names_no_verify(
    runner: CliRunner, api: responses.RequestsMock, isolated: Path, no_sleep: list[float]
) -> None:
    import requests

    api.get(STATE_URL, body=requests.ConnectionError("refused"))
    args = ["config", "init", "--instance", ID_INSTANCE, "--token-stdin"]
    result = runner.invoke(app, [*args, "--api-url", "https://7105.api.greenapi.com"], input=TOKEN)
    assert result.exit_code == 75, result.output
    assert result.stderr.rstrip().endswith(
        "; nothing was saved (--no-verify saves without the check)"
    )
    assert not isolated.exists()


def test_without_a_terminal_a_refused_token_is_77(
    runner: CliRunner, api: responses.RequestsMock, isolated: Path
) -> None:
    api.get(STATE_URL, status=401, body="Unauthorized")
    args = ["config", "init", "--instance", ID_INSTANCE, "--token-stdin"]
    result = runner.invoke(app, [*args, "--api-url", "https://7105.api.greenapi.com"], input=TOKEN)
    assert result.exit_code == 77, result.output
    assert "apiTokenInstance was rejected" in result.stderr and not isolated.exists()
