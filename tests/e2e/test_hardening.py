"""Issue 9, core half: one named regression test per class of broken promise.

Each test is written to fail on the code before the fix: the token leaking through a cut or a
wrong variable, server text reaching the terminal raw, a redirect being followed and posted
again, and exit codes that lied (1 for ordinary problems, non-zero after a queued status).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
import responses
import urllib3.exceptions
from helpers import SEND_URL, env_for, leaks, run
from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI, Reply
from typer.testing import CliRunner

from greenstatus import api as greenapi
from greenstatus import config, output
from greenstatus.cli import app
from greenstatus.errors import ConfigError, GreenstatusError, TemporaryError, UsageError

INSTANCE = greenapi.Instance("https://7105.api.greenapi.com", ID_INSTANCE, TOKEN)


@pytest.fixture
def server() -> Iterator[FakeAPI]:
    with FakeAPI() as api:
        yield api


# --- token secrecy -------------------------------------------------------------------------------

LONG = "x" * 230  # puts the token across character 300, where messages used to be cut


@pytest.mark.parametrize(
    "reply",
    [
        Reply(400, echo=f"bad request {LONG} "),
        Reply(500, echo=f"internal error {LONG} "),
        Reply(404, echo=f"no route {LONG} "),
        Reply(200, echo=f"<html>{LONG} "),
        Reply(502, echo=f"bad gateway {LONG} "),
    ],
    ids=["400", "500", "404", "200-not-json", "502"],
)
@pytest.mark.parametrize("flags", [[], ["--json", "-v"]])
def test_token_scrubbed_before_server_text_is_shortened(
    exe: str, tmp_path: Path, server: FakeAPI, reply: Reply, flags: list[str]
) -> None:
    server.replies.extend([reply] * 2)
    result = run(exe, ["post", "hi", "--retries", "1", *flags], env_for(server.url, tmp_path))
    assert result.returncode in (65, 75, 77), result.stderr
    assert not leaks(result.stdout + result.stderr)
    assert len(result.stderr.strip().splitlines()) >= 1


def test_token_cut_short_by_the_server_is_masked_too(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        api.replies.append(Reply(503, f"proxy: bad upstream /sendTextStatus/{TOKEN[:29]}..."))
        api.replies.append(Reply(400, {"message": f"token {TOKEN[5:17]} and {TOKEN[-9:]}"}))
        result = run(exe, ["post", "hi", "--retries", "1", "-v"], env_for(api.url, tmp_path))
    assert result.returncode == 65
    assert not leaks(result.stdout + result.stderr), result.stderr


def test_scrub_masks_any_eight_characters_of_a_secret() -> None:
    text = f"a{TOKEN[3:11]}b {TOKEN[20:27]} {TOKEN}"
    scrubbed = output.scrub(text, [TOKEN])
    assert not leaks(scrubbed)
    assert TOKEN[20:27] in scrubbed, "seven characters are not a fragment"
    assert scrubbed.startswith("a…b ")


def test_answer_without_id_is_scrubbed_before_shortening(
    api: responses.RequestsMock,
) -> None:
    api.post(SEND_URL, json={"pad": "y" * 180, "echo": SEND_URL})
    with pytest.raises(TemporaryError) as caught:
        greenapi.send_text_status(INSTANCE, {"message": "x"}, retries=0)
    assert not leaks(caught.value.message)
    assert "may or may not" in caught.value.message


def test_scrub_knows_every_spelling_of_a_registered_secret() -> None:
    secret = "ab%cd/ef?gh#ijklmnop"
    text = " ".join([secret, quote(secret, safe=""), quote(secret), quote(secret, safe="").lower()])
    scrubbed = output.scrub(text, [secret])
    for spelling in (secret, quote(secret, safe=""), quote(secret)):
        assert spelling not in scrubbed
    assert "ijklmnop" not in scrubbed


def test_requests_error_text_is_scrubbed_then_cut(api: responses.RequestsMock) -> None:
    failure = requests.ConnectionError(f"{'z' * 280} {SEND_URL} aborted")
    api.post(SEND_URL, body=failure)
    with pytest.raises(TemporaryError) as caught:
        greenapi.send_text_status(INSTANCE, {"message": "x"}, retries=0)
    assert not leaks(caught.value.message)


@pytest.mark.parametrize(
    "bad_token",
    [
        "abc%2Fdef123456789",
        "abc#def123456789",
        "abc?def12345678",
        "tökenabcdef12345",
        "a\tb12345678",
    ],
)
def test_token_shape_checked_where_it_enters_and_never_echoed(
    exe: str, tmp_path: Path, runner: CliRunner, write_config: Callable[[str], Path], bad_token: str
) -> None:
    from_env = run(
        exe,
        ["post", "hi"],
        env_for("http://127.0.0.1:9", tmp_path, GREENSTATUS_API_TOKEN_INSTANCE=bad_token),
    )
    assert from_env.returncode == 78
    assert "letters and digits" in from_env.stderr
    assert bad_token not in from_env.stderr and bad_token[:8] not in from_env.stderr

    write_config(
        f'[profiles.default]\nid_instance = "1"\napi_token_instance = "{bad_token}"\n'.replace(
            "\t", "\\t"
        )
    )
    from_file = runner.invoke(app, ["post", "hi", "-n"])
    assert from_file.exit_code == 78
    assert bad_token[:8] not in from_file.output

    from_stdin = runner.invoke(
        app, ["config", "set", "api_token_instance", "-"], input=bad_token + "\n"
    )
    assert from_stdin.exit_code == 2
    assert bad_token[:8] not in from_stdin.output


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("GREENSTATUS_ID_INSTANCE", TOKEN),
        ("GREENSTATUS_API_URL", TOKEN),
        ("GREENSTATUS_API_URL", f"https://api.green-api.com/waInstance1/sendTextStatus/{TOKEN}"),
        ("GREENSTATUS_API_URL", f"https://{TOKEN}:x@api.green-api.com"),
        ("GREENSTATUS_API_URL", f"https://{TOKEN} .example"),
    ],
)
def test_token_in_the_wrong_variable_is_never_echoed(
    exe: str, tmp_path: Path, variable: str, value: str
) -> None:
    env = env_for("http://127.0.0.1:9", tmp_path, **{variable: value})
    env.pop("GREENSTATUS_API_TOKEN_INSTANCE")
    for args in (["post", "hi"], ["post", "hi", "-n"], ["config", "show"]):
        result = run(exe, args, env)
        assert result.returncode == 78, result.stderr
        assert variable in result.stderr
        assert not leaks(result.stdout + result.stderr), result.stderr


# --- server text is not interpreted --------------------------------------------------------------

HOSTILE_ID = (
    "[link=https://evil.example]click[/link]\x1b]8;;https://evil.example\x07x\x1b[31m\nsecond"
)


def test_hostile_id_message_piped_is_one_plain_line(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        api.replies.append(Reply(200, {"idMessage": HOSTILE_ID}))
        result = run(exe, ["post", "hi"], env_for(api.url, tmp_path))
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert result.stdout.count("\n") == 1


def test_hostile_id_message_as_json_is_inert_and_exact(exe: str, tmp_path: Path) -> None:
    hostile = "a\x9b31mb\u2028c\u202ed\x1b]8;;x\x07"
    with FakeAPI() as api:
        api.replies.append(Reply(200, {"idMessage": hostile}))
        result = run(exe, ["post", "hi", "--json"], env_for(api.url, tmp_path))
    assert result.returncode == 0
    assert not any(ch in result.stdout for ch in "\x9b\u2028\u202e\x1b\x07")
    assert json.loads(result.stdout) == {"idMessage": hostile}, "scripts get the exact id"


def test_hostile_id_message_on_a_terminal_shows_markup_literally(
    runner: CliRunner, creds_env: None, api: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "300")  # so only a newline from the server could break it
    api.post(SEND_URL, json={"idMessage": HOSTILE_ID})
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 0, result.output
    assert "[link=https://evil.example]click[/link]" in result.stdout
    assert "\x1b]8;" not in result.stdout, "no hyperlink escape from server text"
    assert "\x07" not in result.stdout
    assert result.stdout.strip().count("\n") == 0


def test_server_error_text_with_escapes_is_one_line(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        api.replies.append(Reply(400, "Validation\x1b[2J failed\r\n\x1b]0;title\x07 here"))
        result = run(exe, ["post", "hi"], env_for(api.url, tmp_path))
    assert result.returncode == 65
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\r" not in result.stderr
    assert result.stderr.count("\n") == 1


# --- never a second post -------------------------------------------------------------------------


@pytest.mark.parametrize("code", [301, 303, 307])
def test_redirect_is_never_followed(exe: str, tmp_path: Path, code: int) -> None:
    with FakeAPI() as first, FakeAPI() as elsewhere:
        target = f"{elsewhere.url}/waInstance{ID_INSTANCE}/sendTextStatus/{TOKEN}?x=1"
        first.replies.append(Reply(code, "", {"Location": target}))
        result = run(exe, ["post", "hi"], env_for(first.url, tmp_path))
        assert len(first.seen) == 1
        assert elsewhere.seen == []
    assert result.returncode == 78
    assert elsewhere.url in result.stderr, "names where it pointed"
    assert "waInstance" not in result.stderr and not leaks(result.stderr), "host only"
    assert ("may or may not" in result.stderr) == (code == 303)


def test_redirect_to_an_unresolvable_host_is_not_posted_again(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        api.replies.append(Reply(307, "", {"Location": "http://nowhere.invalid/sendTextStatus"}))
        result = run(exe, ["post", "hi", "--retries", "3"], env_for(api.url, tmp_path))
        assert len(api.seen) == 1
    assert result.returncode == 78
    assert "nowhere.invalid" in result.stderr


def _wrapped(reason: Exception, message: str = "") -> requests.ConnectionError:
    url = f"/waInstance{ID_INSTANCE}/sendTextStatus/{TOKEN}"
    error = urllib3.exceptions.MaxRetryError(None, url, reason)  # type: ignore[arg-type]
    return requests.ConnectionError(error, message)


def test_retry_decided_by_exception_chain_not_message_text(
    api: responses.RequestsMock, no_sleep: list[float]
) -> None:
    # Says "NewConnectionError" and "Name or service not known", but is a dropped connection.
    lying = _wrapped(
        urllib3.exceptions.ProtocolError("Connection aborted. NewConnectionError"),
        "Failed to resolve: Name or service not known",
    )
    api.post(SEND_URL, body=lying)
    with pytest.raises(TemporaryError, match="may or may not"):
        greenapi.send_text_status(INSTANCE, {"message": "x"}, retries=3)
    assert no_sleep == []


def test_connect_failure_deep_in_the_chain_is_retried(
    api: responses.RequestsMock, no_sleep: list[float]
) -> None:
    try:
        try:
            raise urllib3.exceptions.NameResolutionError("h", None, OSError("no DNS"))  # type: ignore[arg-type]
        except Exception as inner:
            raise requests.ConnectionError("proxy trouble") from inner
    except requests.ConnectionError as outer:
        deep = outer
    api.post(SEND_URL, body=deep)
    api.post(SEND_URL, json={"idMessage": "OK"})
    assert greenapi.send_text_status(INSTANCE, {"message": "x"}, retries=1)["idMessage"] == "OK"
    assert len(no_sleep) == 1


def test_dns_failure_in_an_empty_network_namespace_is_retried_only_there(
    exe: str, tmp_path: Path
) -> None:
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -n is not allowed here")
    env = env_for("http://greenstatus-test.invalid", tmp_path)
    result = subprocess.run(
        ["unshare", "-n", exe, "post", "hi", "--retries", "1", "-v"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 75
    assert "attempt 2 of 2" in result.stderr, "a DNS failure proves nothing was sent"
    assert "may or may not" not in result.stderr


# --- exit codes that tell the truth --------------------------------------------------------------


def test_queued_with_stdout_full_is_exit_0(exe: str, tmp_path: Path, server: FakeAPI) -> None:
    with open("/dev/full", "w") as full:
        result = run(
            exe, ["post", "hi"], env_for(server.url, tmp_path), stdout=full, stderr=subprocess.PIPE
        )
    assert result.returncode == 0, result.stderr
    assert "BAE5F4886F6F0001" in result.stderr
    assert result.stderr.count("\n") == 1


def test_queued_with_stdout_full_names_the_cause_not_a_class(
    exe: str, tmp_path: Path, server: FakeAPI
) -> None:
    # The note must say why the id is on stderr in words a person can act on, never the name
    # of one of our exception classes ("stdout could not take it: OutputError"). Unbuffered
    # (as in many containers), the write itself fails, not the final flush.
    env = env_for(server.url, tmp_path, PYTHONUNBUFFERED="1")
    with open("/dev/full", "w") as full:
        result = run(exe, ["post", "hi"], env, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 0, result.stderr
    assert "No space left on device" in result.stderr
    assert "Error" not in result.stderr


def test_queued_with_stdout_closed_is_exit_0(exe: str, tmp_path: Path, server: FakeAPI) -> None:
    env = env_for(server.url, tmp_path)
    result = subprocess.run(
        f'"{exe}" post hi >&-', shell=True, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "BAE5F4886F6F0001" in result.stderr
    assert len(server.seen) == 1


def test_queued_with_a_broken_pipe_is_exit_0(exe: str, tmp_path: Path, server: FakeAPI) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = run(
            exe,
            ["post", "hi", "--json"],
            env_for(server.url, tmp_path),
            stdout=write_end,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr
    assert "BAE5F4886F6F0001" in result.stderr


def test_rich_choking_on_the_id_is_still_exit_0(
    runner: CliRunner, creds_env: None, api: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: True)

    def choke(*_args: object, **_kwargs: object) -> None:
        raise ValueError("markup error")

    monkeypatch.setattr("greenstatus.output.terminal.draw", choke)
    api.post(SEND_URL, json={"idMessage": "ID[/bold]X"})
    result = runner.invoke(app, ["post", "hi"])
    assert result.exit_code == 0
    assert "ID[/bold]X" in result.stderr


def _wait_for(predicate: Callable[[], bool], seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.02)


def test_ctrl_c_in_flight_says_may_or_may_not(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        api.replies.append(Reply(200, {"idMessage": "LATE"}, delay=5))
        proc = subprocess.Popen(
            [exe, "post", "hi"],
            env=env_for(api.url, tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        _wait_for(lambda: len(api.seen) == 1)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "may or may not have been queued" in err
    assert err.count("\n") == 1 and out == ""


def test_ctrl_c_before_sending_says_nothing_was_sent(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        proc = subprocess.Popen(
            [exe, "post"],  # waits for the text on a pipe we keep open
            env=env_for(api.url, tmp_path),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert api.seen == []
    assert proc.returncode == 130
    assert err == "greenstatus: interrupted; nothing was sent\n", "one line"


@pytest.mark.parametrize("after_ms", [5, 20, 35, 50, 65, 80])
def test_ctrl_c_while_importing_prints_no_traceback(
    exe: str, tmp_path: Path, after_ms: int
) -> None:
    proc = subprocess.Popen(
        [exe, "post", "hi", "-n"],
        env=env_for("http://127.0.0.1:9", tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(after_ms / 1000)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    # No frame of greenstatus' own code: only the interpreter's start-up and the installer's
    # two-line wrapper (`import re`) run before main() and are beyond its reach.
    assert "greenstatus/" not in err, err
    # Before Python installs its handler the signal ends the process (-2); done is 0.
    assert proc.returncode in (0, 1, 130, -signal.SIGINT), err
    assert proc.returncode != 1 or "Traceback" in err, "1 only from the wrapper's own import"


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["fonts"],
        ["config", "show"],
        ["--version"],
        ["config", "path"],
        ["completion", "bash"],
    ],
    ids=lambda a: " ".join(a),
)
def test_broken_pipe_is_141_and_quiet(exe: str, tmp_path: Path, args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = run(
            exe,
            args,
            env_for("http://127.0.0.1:9", tmp_path),
            stdout=write_end,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == ""


@pytest.mark.parametrize(
    "args",
    [["--help"], ["fonts"], ["--version"], ["completion", "bash"], ["post", "-n", "hi"]],
    ids=lambda a: " ".join(a),
)
def test_full_disk_behind_stdout_is_74_in_one_line(
    exe: str, tmp_path: Path, args: list[str]
) -> None:
    with open("/dev/full", "w") as full:
        result = run(exe, args, env_for("http://x", tmp_path), stdout=full)
    assert result.returncode == 74
    assert result.stderr.count("\n") == 1 and "No space left" in result.stderr


def test_closed_stdout_for_version_is_141(exe: str, tmp_path: Path) -> None:
    result = subprocess.run(
        f'"{exe}" --version >&-',
        shell=True,
        env=env_for("http://x", tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 141
    assert "Traceback" not in result.stderr


def test_invalid_utf8_in_the_config_file_is_78(
    runner: CliRunner, write_config: Callable[[str], Path]
) -> None:
    path = write_config("")
    path.write_bytes(b'[profiles.default]\nid_instance = "1"\nfont = "\xff"\n')
    for args in (["post", "hi", "-n"], ["config", "show"], ["config", "set", "font", "serif"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 78, (args, result.output)
        assert "UTF-8" in result.stderr and "line 3" in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://127.0.0.1:70000",
        "http://127.0.0.1:0",
        "http://bad host.example",
        "https://x_y.example",
        "http://[nothex]:80",
        "ftp://example.com",
    ],
)
def test_unusable_api_url_is_a_config_error(exe: str, tmp_path: Path, url: str) -> None:
    result = run(exe, ["post", "hi"], env_for("", tmp_path, GREENSTATUS_API_URL=url))
    assert result.returncode == 78, result.stderr
    assert "apiUrl" in result.stderr and "Traceback" not in result.stderr


def test_api_url_with_port_and_ipv6_is_accepted() -> None:
    assert config.normalise_value("api_url", "http://[::1]:8080/") == "http://[::1]:8080"
    assert config.normalise_value("api_url", "https://1101.api.greenapi.com") == (
        "https://1101.api.greenapi.com"
    )


def test_unwritable_config_folder_is_78(exe: str, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    for target in (blocker / "cfg" / "config.toml", Path("/proc/greenstatus/config.toml")):
        result = run(
            exe,
            ["config", "set", "font", "serif"],
            env_for("http://x", tmp_path, GREENSTATUS_CONFIG=str(target)),
        )
        assert result.returncode == 78, result.stderr
        assert "config file" in result.stderr and "Traceback" not in result.stderr


def test_full_disk_while_writing_config_is_78(
    write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config('[profiles.default]\nid_instance = "1"\n')

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ConfigError, match="No space left"):
        config.set_value(path, "default", "font", "serif")
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]


def test_home_unset_without_passwd_entry_works_from_the_environment(
    exe: str, tmp_path: Path, server: FakeAPI
) -> None:
    probe = subprocess.run(
        ["unshare", "-U", "--map-user=54321", "true"], capture_output=True, timeout=10
    )
    if probe.returncode != 0:
        pytest.skip("user namespaces are not available")
    env = env_for(server.url, tmp_path)
    for name in ("HOME", "XDG_CONFIG_HOME", "GREENSTATUS_CONFIG"):
        env.pop(name, None)
    cmd = ["unshare", "-U", "--map-user=54321", exe]
    posted = subprocess.run(
        [*cmd, "post", "hi"], env=env, capture_output=True, text=True, timeout=60
    )
    assert posted.returncode == 0, posted.stderr
    env.pop("GREENSTATUS_ID_INSTANCE")
    missing = subprocess.run(
        [*cmd, "post", "hi"], env=env, capture_output=True, text=True, timeout=60
    )
    assert missing.returncode == 78, missing.stderr
    path = subprocess.run(
        [*cmd, "config", "path"], env=env, capture_output=True, text=True, timeout=60
    )
    assert path.returncode == 78 and "HOME" in path.stderr


def test_stale_temp_file_of_a_reused_pid_does_not_block_a_write(
    write_config: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_config('[profiles.default]\nid_instance = "1"\n')
    stale = path.parent / f".config.toml.{os.getpid()}.tmp"
    stale.write_text(f'api_token_instance = "{TOKEN}"\n')
    config.set_value(path, "default", "font", "serif")
    assert 'font = "SERIF"' in path.read_text()
    assert not stale.exists(), "a leftover holding the token is removed"


def test_killed_writer_leaves_no_token_behind_after_the_next_write(
    write_config: Callable[[str], Path],
) -> None:
    path = write_config('[profiles.default]\nid_instance = "1"\n')
    code = (
        "import os\n"
        "from greenstatus import config\n"
        "os.replace = lambda *a: os._exit(9)\n"
        f"config.set_value(config.Path({str(path)!r}), 'default', 'api_token_instance', "
        f"{TOKEN!r})\n"
    )
    killed = subprocess.run([sys.executable, "-c", code], timeout=60)
    assert killed.returncode == 9
    leftovers = [p for p in path.parent.iterdir() if p.name != "config.toml"]
    assert leftovers and TOKEN in leftovers[0].read_text(), "the crash left a copy"
    config.set_value(path, "default", "font", "serif")
    assert sorted(p.name for p in path.parent.iterdir()) == ["config.toml"]


def test_non_utf8_token_on_stdin_is_2(runner: CliRunner) -> None:
    for args in (
        ["config", "set", "api_token_instance", "-"],
        ["config", "init", "--instance", "1", "--token-stdin", "--no-verify"],
    ):
        result = runner.invoke(app, args, input=b"\xff\xfeabc123\n")
        assert result.exit_code == 2, result.output
        assert "UTF-8" in result.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e309", "1e12", "0", "-1"])
def test_absurd_timeout_is_a_usage_error(runner: CliRunner, creds_env: None, value: str) -> None:
    result = runner.invoke(app, ["post", "hi", "--timeout", value])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "proxy", ["http://[bad", "http://bad host:1", "://nohost", "http://h:99999"]
)
def test_malformed_proxy_variable_is_78(exe: str, tmp_path: Path, proxy: str) -> None:
    env = env_for("http://127.0.0.1:9", tmp_path, HTTP_PROXY=proxy, HTTPS_PROXY=proxy)
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    result = run(exe, ["post", "hi"], env)
    assert result.returncode == 78, result.stderr
    assert "proxy" in result.stderr.lower() and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "header", ["soon", "nan", "inf", "-5", "Mon, 99 Foo 2026 99:99:99 GMT", "1e400", ""]
)
def test_malformed_retry_after_uses_normal_backoff(
    api: responses.RequestsMock, no_sleep: list[float], header: str
) -> None:
    api.post(SEND_URL, status=429, body="slow down", headers={"Retry-After": header})
    api.post(SEND_URL, json={"idMessage": "OK"})
    assert greenapi.send_text_status(INSTANCE, {"message": "x"}, retries=1)["idMessage"] == "OK"
    assert len(no_sleep) == 1 and 0 <= no_sleep[0] <= greenapi.MAX_RETRY_AFTER


@pytest.mark.parametrize(
    "line",
    [
        'api_token_instance = ["d75b3a66374942c5b3c0"]',
        "timeout = true",
        "id_instance = 1.5",
        "participants = [79001234567]",
        "font = 3",
        "background_color = {r = 1}",
    ],
)
def test_wrong_toml_types_are_78(
    runner: CliRunner, write_config: Callable[[str], Path], line: str
) -> None:
    write_config(f"[profiles.default]\n{line}\n")
    result = runner.invoke(app, ["post", "hi", "-n"])
    assert result.exit_code == 78, result.output
    assert "must be" in result.stderr
    got = runner.invoke(app, ["config", "get", line.split(" ")[0]])
    assert got.exit_code == 78, got.output
    assert got.stdout == ""


@pytest.mark.parametrize(
    "environment",
    [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "LANG": "C"}],
    ids=["ascii", "latin-1", "C-locale"],
)
def test_non_utf8_stdout_does_not_break_output(
    exe: str, tmp_path: Path, environment: dict[str, str]
) -> None:
    env = env_for("http://127.0.0.1:9", tmp_path, PYTHONUTF8="0", **environment)
    for args in (["post", "Привет 👋", "-n"], ["config", "show"], ["post", "hi", "-n", "--json"]):
        result = subprocess.run(
            [exe, *args], env=env, capture_output=True, timeout=60, stdin=subprocess.DEVNULL
        )
        assert result.returncode == 0, result.stderr
        assert b"d75b" in result.stdout


def test_fifo_without_writer_never_blocks(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from greenstatus.rules import text

    monkeypatch.setattr(text, "FIFO_WAIT_SECONDS", 0.3)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    started = time.monotonic()
    as_file = runner.invoke(app, ["post", "-n", "--file", str(fifo)])
    assert as_file.exit_code == 2 and "FIFO with no writer" in as_file.stderr
    as_config = runner.invoke(app, ["--config", str(fifo), "post", "-n", "hi"])
    assert as_config.exit_code == 78 and "FIFO with no writer" in as_config.stderr
    assert time.monotonic() - started < 5


def test_default_fifo_wait_is_bounded() -> None:
    from greenstatus.rules import text

    assert 0 < text.FIFO_WAIT_SECONDS <= 10


def test_fifo_with_a_writer_is_read(exe: str, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"sleep 0.3; printf 'from fifo' > '{fifo}'"])
    result = run(exe, ["post", "-n", "--json", "--file", str(fifo)], env_for("http://x", tmp_path))
    writer.wait(timeout=10)
    assert result.returncode == 0, result.stderr
    assert '"from fifo"' in result.stdout


def test_timeout_bounds_the_whole_attempt_against_a_trickle(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        api.replies.append(
            Reply(200, {"idMessage": "TRICKLED-SLOWLY-ONE-BYTE-AT-A-TIME"}, trickle=0.3)
        )
        started = time.monotonic()
        result = run(exe, ["post", "hi", "--timeout", "1"], env_for(api.url, tmp_path))
        took = time.monotonic() - started
        assert len(api.seen) == 1
    assert result.returncode == 75
    assert "may or may not" in result.stderr
    assert took < 4, f"took {took:.1f} s"


# --- files ---------------------------------------------------------------------------------------


def test_config_set_on_a_symlink_writes_through(
    runner: CliRunner, isolated: Path, tmp_path: Path
) -> None:
    real = tmp_path / "dotfiles" / "greenstatus.toml"
    real.parent.mkdir(mode=0o700)
    real.write_text('# mine\n[profiles.default]\nid_instance = "1"\n')
    real.chmod(0o600)
    isolated.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    isolated.symlink_to(real)
    result = runner.invoke(app, ["config", "set", "font", "serif"])
    assert result.exit_code == 0, result.output
    assert isolated.is_symlink(), "the link is kept"
    assert 'font = "SERIF"' in real.read_text() and "# mine" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert sorted(p.name for p in real.parent.iterdir()) == ["greenstatus.toml"]


def test_usage_and_config_errors_never_echo_a_possible_token() -> None:
    for key in ("id_instance", "api_url", "api_token_instance", "timeout"):
        with pytest.raises(UsageError) as caught:
            config.normalise_value(key, TOKEN + "!")
        assert not leaks(caught.value.message), key


def test_keyboard_interrupt_in_flight_is_interrupted_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(requests.Session, "request", interrupted)
    with pytest.raises(GreenstatusError) as caught:
        greenapi.send_text_status(INSTANCE, {"message": "x"})
    assert caught.value.exit_code == 130
    assert "may or may not" in caught.value.message


def test_closed_port_is_still_retried(no_sleep: list[float]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(TemporaryError, match="cannot connect"):
        greenapi.send_text_status(
            greenapi.Instance(url, ID_INSTANCE, TOKEN), {"message": "x"}, retries=2
        )
    assert len(no_sleep) == 2


@pytest.mark.parametrize(
    "failure",
    [
        http.client.LineTooLong("header line"),
        http.client.IncompleteRead(b"par"),
        urllib3.exceptions.ProtocolError("Connection broken"),
        UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"),
    ],
    ids=["line-too-long", "incomplete-read", "protocol", "unicode"],
)
def test_odd_library_failures_are_75_never_retried(
    monkeypatch: pytest.MonkeyPatch, no_sleep: list[float], failure: Exception
) -> None:
    calls: list[int] = []

    def fail(*_args: object, **_kwargs: object) -> None:
        calls.append(1)
        raise failure

    monkeypatch.setattr(requests.Session, "request", fail)
    with pytest.raises(TemporaryError, match="may or may not"):
        greenapi.send_text_status(INSTANCE, {"message": "x"}, retries=3)
    assert calls == [1] and no_sleep == []


# --- found by the attacker's pass over the merged journal, lifecycle and media work ------------


def test_order_of_recipients_does_not_defeat_the_duplicate_guard(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        env = env_for(api.url, tmp_path, GREENSTATUS_STATE_DIR=str(tmp_path / "state"))
        first = run(exe, ["post", "hi A", "-t", "79001112233,79004445566"], env)
        again = run(exe, ["post", "hi A", "-t", "79004445566", "-t", "79001112233"], env)
        sent = [s for s in api.seen if "sendTextStatus" in s.path]
    assert first.returncode == 0 and again.returncode == 0
    assert again.stdout == first.stdout and len(sent) == 1


def test_a_scheduled_post_whose_id_cannot_be_printed_is_still_exit_0(
    exe: str, tmp_path: Path
) -> None:
    env = env_for("http://127.0.0.1:9", tmp_path, GREENSTATUS_STATE_DIR=str(tmp_path / "s"))
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [exe, "post", "later", "--in", "5m"],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert "outbox entry 1" in result.stderr
    listed = run(exe, ["outbox"], env)
    assert listed.stdout.count("scheduled") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--in", "999999999d"],
        ["--at", "9999-12-31T23:59-01:00"],
        ["--at", "0001-01-01T00:30+01:00"],
        ["--at", "0001-01-01T00:00"],
    ],
)
def test_times_at_the_calendar_edge_are_usage_errors(
    exe: str, tmp_path: Path, args: list[str]
) -> None:
    env = env_for("http://127.0.0.1:9", tmp_path, GREENSTATUS_STATE_DIR=str(tmp_path / "s"))
    result = run(exe, ["post", "x", *args], env)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "command", [["list"], ["stats", "BAE5"], ["delete", "BAE5", "--yes"], ["outbox", "flush"]]
)
@pytest.mark.parametrize("value", ["nan", "inf", "1e12"])
def test_every_timeout_option_refuses_what_post_refuses(
    exe: str, tmp_path: Path, command: list[str], value: str
) -> None:
    env = env_for("http://127.0.0.1:9", tmp_path, GREENSTATUS_STATE_DIR=str(tmp_path / "s"))
    result = run(exe, [*command, "--timeout", value], env)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1
