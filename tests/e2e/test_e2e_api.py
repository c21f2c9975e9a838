"""Issue 16, API semantics, with the installed command against local servers: a 502 after the
status was queued, failures in our words, a proxy's refusal, and a media host that trickles."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import env_for, leaks, rows, run, seed_due
from helpers.fakeapi import TOKEN, FakeAPI, Reply

LIBRARY_WORDS = ("Max retries", "HTTPConnectionPool", "NewConnectionError", "urllib3")
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def state_env(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return env_for(url, tmp_path, GREENSTATUS_STATE_DIR=str(tmp_path / "state"), **extra)


def in_our_words(stderr: str) -> None:
    assert not any(words in stderr for words in LIBRARY_WORDS), stderr
    assert not leaks(stderr), stderr


# --- a 502 after GREEN-API queued the status -----------------------------------------------------


def test_flush_after_a_502_that_queued_the_status_never_sends_it_again(
    exe: str, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    with FakeAPI() as api:
        seed_due(state, 1)
        api.lost_answers.append(502)
        env = state_env(api.url, tmp_path)
        flushed = run(exe, ["outbox", "flush", "--retries", "3"], env)
        assert flushed.returncode == 75, flushed.stderr
        assert "may or may not have been queued" in flushed.stderr
        # The same flush then settles it from GREEN-API's journal (issue 19): queued, with
        # the id the lost answer carried; never sent again.
        assert rows(state)[0][1:3] == ("queued", "BAE5F4886F6F0001")
        assert run(exe, ["outbox", "flush"], env).returncode == 0
        assert api.counter == 1
        methods = [s.path.split("/")[2] for s in api.seen]
        assert methods == ["sendTextStatus", "getSettings", "getOutgoingStatuses"]


def test_deeply_nested_answer_never_leaves_a_flushed_entry_sending(
    exe: str, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    with FakeAPI() as api:
        seed_due(state, 1)
        api.replies.append(Reply(200, "[" * 100_000))
        result = run(exe, ["outbox", "flush"], state_env(api.url, tmp_path))
    assert result.returncode == 75, result.stderr
    assert "unexpected error" not in result.stderr
    assert rows(state)[0][1] == "unknown"


def test_deeply_nested_upload_answer_never_leaves_a_flushed_entry_sending(
    exe: str, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"x" * 100)
    with FakeAPI() as api:
        env = state_env(api.url, tmp_path, GREENSTATUS_MEDIA_URL=api.url)
        api.replies.append(Reply(200, "[" * 100_000))
        posted = run(exe, ["post", "--media", str(photo), "--outbox", "--retries", "0"], env)
        assert posted.returncode == 75, posted.stderr
        assert "kept in the outbox as 1" in posted.stderr
        api.replies.append(Reply(200, "[" * 100_000))
        flushed = run(exe, ["outbox", "flush", "--retries", "0"], env)
    assert flushed.returncode == 75, flushed.stderr
    assert "unexpected error" not in flushed.stderr
    assert rows(state)[0][1] == "pending", "an upload posts nothing: the next flush tries again"


# --- network failures in our words ---------------------------------------------------------------


@pytest.mark.parametrize("command", [["post", "hi"], ["config", "check"], ["list"]])
def test_refused_connection_in_our_words(exe: str, tmp_path: Path, command: list[str]) -> None:
    port = closed_port()
    result = run(
        exe,
        [*command, "--retries", "0"] if command[0] != "config" else command,
        env_for(f"http://127.0.0.1:{port}", tmp_path),
    )
    assert result.returncode == 75
    assert f"cannot connect to 127.0.0.1:{port} (connection refused)" in result.stderr
    assert "nothing was sent" in result.stderr and "check api_url" in result.stderr
    in_our_words(result.stderr)


def test_tls_failure_in_our_words(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        host = api.url.removeprefix("http://")
        result = run(exe, ["post", "hi"], env_for(f"https://{host}", tmp_path))
    assert result.returncode == 75
    assert f"the secure connection to {host} failed (" in result.stderr, "with the TLS reason"
    in_our_words(result.stderr)


def test_config_init_says_a_failed_check_in_our_words(exe: str, tmp_path: Path) -> None:
    port = closed_port()
    args = ["config", "init", "--instance", "1101000001", "--api-url", f"http://127.0.0.1:{port}"]
    result = run(exe, [*args, "--token-stdin"], env_for("", tmp_path), input=TOKEN, stdin=None)
    assert f"cannot connect to 127.0.0.1:{port} (connection refused)" in result.stderr
    assert "nothing was sent" in result.stderr
    in_our_words(result.stderr)


def test_verbose_adds_the_library_detail_scrubbed(exe: str, tmp_path: Path) -> None:
    port = closed_port()
    result = run(
        exe, ["post", "hi", "-v", "--retries", "0"], env_for(f"http://127.0.0.1:{port}", tmp_path)
    )
    assert result.returncode == 75
    assert "Connection refused" in result.stderr, "-v keeps the library's own detail"
    assert not leaks(result.stderr)
    in_our_words(result.stderr.splitlines()[-1])


def test_read_timeout_in_our_words(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        api.send_delay = 3.0
        result = run(exe, ["post", "hi", "--timeout", "0.5"], env_for(api.url, tmp_path))
    assert result.returncode == 75
    assert "no answer within 0.5 s" in result.stderr
    assert "may or may not have been queued" in result.stderr
    in_our_words(result.stderr)


@pytest.mark.parametrize("command", [["post", "hi"], ["config", "check"]])
def test_dns_failure_names_the_host_and_its_cause(
    exe: str, tmp_path: Path, command: list[str]
) -> None:
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -n is not allowed here")
    host = ".".join(["x" * 60] * 3) + ".greenstatus-test.invalid"
    env = env_for(f"https://{host}", tmp_path)
    result = subprocess.run(
        ["unshare", "-n", exe, *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 75, result.stderr
    line = result.stderr.splitlines()[-1]
    assert f"cannot resolve {host} (" in line, "the cause is never cut off"
    assert "nothing was sent" in line
    in_our_words(result.stderr)


def test_503_with_an_empty_object_says_nothing_was_queued(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as api:
        api.replies.append(Reply(503, {}))
        result = run(exe, ["post", "hi", "--retries", "0"], env_for(api.url, tmp_path))
    assert result.returncode == 75
    assert "{}" not in result.stderr
    assert "unavailable" in result.stderr and "nothing was queued" in result.stderr


# --- a proxy's refusal ---------------------------------------------------------------------------


@pytest.fixture
def tunnel_proxy() -> Iterator[tuple[int, list[int]]]:
    """A proxy on 127.0.0.1 that answers every CONNECT with the status at the end of the list."""
    answers = [407]
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                code = answers[-1]
                conn.sendall(f"HTTP/1.1 {code} Refused\r\nContent-Length: 0\r\n\r\n".encode())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port, answers
    finally:
        # close() alone leaves the thread blocked in accept() on the bare descriptor number,
        # which the next test's server may be given: that server's connections were then
        # answered "407 Refused" here. shutdown() wakes accept() first.
        server.shutdown(socket.SHUT_RDWR)
        thread.join(timeout=10)
        server.close()


def proxy_env(tmp_path: Path, api_url: str, proxy: str) -> dict[str, str]:
    env = env_for(api_url, tmp_path)
    for name in PROXY_VARIABLES:
        env.pop(name, None)
        env.pop(name.lower(), None)
    env["HTTPS_PROXY"] = env["HTTP_PROXY"] = proxy
    return env


def test_proxy_asking_for_a_password_is_77_and_says_proxy(
    exe: str, tmp_path: Path, tunnel_proxy: tuple[int, list[int]]
) -> None:
    port, _ = tunnel_proxy
    env = proxy_env(tmp_path, "https://127.0.0.1:1", f"http://user:{TOKEN}@127.0.0.1:{port}")
    result = run(exe, ["post", "hi", "--retries", "2"], env)
    assert result.returncode == 77, result.stderr
    assert f"the proxy 127.0.0.1:{port}" in result.stderr and "407" in result.stderr
    assert "GREEN-API" not in result.stderr and "may or may not" not in result.stderr
    in_our_words(result.stderr)


def test_proxy_refusing_the_tunnel_says_proxy_and_nothing_was_sent(
    exe: str, tmp_path: Path, tunnel_proxy: tuple[int, list[int]]
) -> None:
    port, answers = tunnel_proxy
    answers.append(403)
    env = proxy_env(tmp_path, "https://127.0.0.1:1", f"http://127.0.0.1:{port}")
    result = run(exe, ["post", "hi", "--retries", "0"], env)
    assert result.returncode == 75, result.stderr
    assert f"the proxy 127.0.0.1:{port} refused" in result.stderr
    assert "nothing was sent" in result.stderr
    in_our_words(result.stderr)


def test_proxy_that_refuses_connections_is_named(exe: str, tmp_path: Path) -> None:
    port = closed_port()
    env = proxy_env(tmp_path, "https://127.0.0.1:1", f"http://127.0.0.1:{port}")
    result = run(exe, ["post", "hi", "--retries", "1", "-v"], env)
    assert result.returncode == 75, result.stderr
    assert result.stderr.count("attempt") == 2, "nothing was sent: retried"
    line = result.stderr.splitlines()[-1]
    assert f"cannot connect to the proxy 127.0.0.1:{port} (connection refused)" in line
    assert "HTTPS_PROXY" in line
    in_our_words(line)


def test_forwarding_proxy_asking_for_a_password_is_77(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as proxy:
        proxy.replies.append(Reply(407, "Proxy Authentication Required"))
        env = proxy_env(tmp_path, "http://127.0.0.1:1", proxy.url)
        result = run(exe, ["post", "hi"], env)
    assert result.returncode == 77, result.stderr
    assert "proxy" in result.stderr and "GREEN-API" not in result.stderr


# --- a redirect whose target cannot be parsed ----------------------------------------------------


@pytest.mark.parametrize("location", ["http://[bad", "http://[::1/x", "http://x:99999/"])
def test_unparsable_redirect_is_78_and_not_may_or_may_not(
    exe: str, tmp_path: Path, location: str
) -> None:
    with FakeAPI() as api:
        api.replies.append(Reply(302, "", {"Location": location}))
        result = run(exe, ["post", "hi"], env_for(api.url, tmp_path))
        assert len(api.seen) == 1
    assert result.returncode == 78, result.stderr
    assert "may or may not" not in result.stderr
    assert "redirect" in result.stderr


# --- a media host that trickles its answer -------------------------------------------------------


def test_trickling_media_host_is_cut_off_at_the_timeout(exe: str, tmp_path: Path) -> None:
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"x" * 5000)
    with FakeAPI() as api:
        api.replies.append(Reply(200, {"urlFile": f"{api.url}/files/a.jpg"}, trickle=0.5))
        env = env_for(api.url, tmp_path, GREENSTATUS_MEDIA_URL=api.url)
        started = time.monotonic()
        result = run(exe, ["post", "--media", str(photo), "--timeout", "1", "--retries", "0"], env)
        elapsed = time.monotonic() - started
        sends = [s for s in api.seen if "sendMediaStatus" in s.path]
    assert result.returncode == 75, result.stderr
    assert "no complete answer within 1 s" in result.stderr
    assert "nothing was posted" in result.stderr
    assert sends == []
    assert elapsed < 8, f"held for {elapsed:.1f} s; the answer alone would take 25 s"
