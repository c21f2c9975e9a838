"""`greenstatus sandbox`: the installed command serving GREEN-API's status methods offline."""

from __future__ import annotations

import json
import os
import re
import selectors
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import helpers
import pytest
import requests
from helpers import modules_after
from helpers.fakeapi import GREEN_API_LIMITS, FakeAPI, sandbox

EXPORT = re.compile(r"export (GREENSTATUS_[A-Z_]+)=(\S+)")
NAMES = [
    "GREENSTATUS_ID_INSTANCE",
    "GREENSTATUS_API_TOKEN_INSTANCE",
    "GREENSTATUS_API_URL",
    "GREENSTATUS_MEDIA_URL",
]


def read_lines(process: subprocess.Popen[bytes], count: int, within: float = 30) -> list[str]:
    """The first lines the process writes, while it runs: they must have been flushed."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    data = b""
    deadline = time.monotonic() + within
    while data.count(b"\n") < count and time.monotonic() < deadline:
        if selector.select(timeout=0.2):
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                break
            data += chunk
    return data.decode().splitlines()


def user_env(tmp_path: Path) -> dict[str, str]:
    """A new user's environment: no GREENSTATUS_ variable, a fresh HOME, XDG folders in tmp."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "cfg"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        COLUMNS="100",
    )
    return env


@pytest.fixture
def running(exe: str, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], dict[str, str]]]:
    """`greenstatus sandbox` as a user starts it, and the variables its lines export."""
    process = subprocess.Popen(
        [exe, "sandbox"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=user_env(tmp_path),
    )
    try:
        lines = read_lines(process, 4)
        yield process, dict(m.groups() for line in lines if (m := EXPORT.fullmatch(line)))
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        for stream in (process.stdout, process.stderr):
            assert stream is not None
            stream.close()


def run(
    exe: str, tmp_path: Path, variables: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return helpers.run(exe, list(args), {**user_env(tmp_path), **variables})


def test_sandbox_prints_export_lines_flushed_while_it_serves(running: tuple) -> None:
    process, variables = running
    assert process.poll() is None
    assert list(variables) == NAMES
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", variables["GREENSTATUS_API_URL"])
    assert variables["GREENSTATUS_MEDIA_URL"] == variables["GREENSTATUS_API_URL"]
    assert re.fullmatch(r"\d{10}", variables["GREENSTATUS_ID_INSTANCE"])
    assert re.fullmatch(r"[0-9a-f]{50}", variables["GREENSTATUS_API_TOKEN_INSTANCE"])


def test_post_list_stats_delete_work_against_the_sandbox(
    running: tuple, exe: str, tmp_path: Path
) -> None:
    _process, variables = running
    posted = run(exe, tmp_path, variables, "post", "Hello from the sandbox")
    assert posted.returncode == 0, posted.stderr
    id_message = posted.stdout.strip()
    assert re.fullmatch(r"[0-9A-F]{16}", id_message)

    listed = run(exe, tmp_path, variables, "list")
    assert listed.returncode == 0, listed.stderr
    mine = [line.split("\t") for line in listed.stdout.splitlines() if line.startswith(id_message)]
    assert len(mine) == 1 and mine[0][2] == "text" and mine[0][4] == "Hello from the sandbox"

    stats = run(exe, tmp_path, variables, "stats", "last")
    assert stats.returncode == 0, stats.stderr
    # Sent to the contacts with a contactName: the two saved ones of the example list.
    assert [line.split("\t")[0] for line in stats.stdout.splitlines()] == [
        "79001234567",
        "79001234568",
    ]

    deleted = run(exe, tmp_path, variables, "delete", "last", "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout == f"{id_message}\n"
    again = run(exe, tmp_path, variables, "delete", id_message, "--yes")
    assert again.returncode == 65 and "notfound" in again.stderr


def test_a_media_post_uploads_to_the_sandbox_which_serves_the_file_back(
    running: tuple, exe: str, tmp_path: Path
) -> None:
    _process, variables = running
    picture = tmp_path / "offer.gif"
    picture.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    posted = run(exe, tmp_path, variables, "post", "--media", str(picture), "Two for one", "--json")
    assert posted.returncode == 0, posted.stderr
    listed = run(exe, tmp_path, variables, "list", "--json")
    item = [i for i in json.loads(listed.stdout) if i.get("caption") == "Two for one"]
    url = item[0]["downloadUrl"]
    assert url.startswith(variables["GREENSTATUS_MEDIA_URL"] + "/files/")
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200 and answer.content == picture.read_bytes()
    assert answer.headers["Content-Type"] == "image/gif"


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_kill_ends_the_sandbox_quietly(running: tuple, how: signal.Signals) -> None:
    process, variables = running
    process.send_signal(how)
    assert process.wait(15) == 0
    assert process.stderr is not None and process.stderr.read() == b""
    port = int(variables["GREENSTATUS_API_URL"].rpartition(":")[2])
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "192.168.1.10", "::", "localhost", "example.com", "::1%lo", "::1%1"]
)
def test_a_host_other_than_loopback_is_refused(exe: str, tmp_path: Path, host: str) -> None:
    result = run(exe, tmp_path, {}, "sandbox", "--host", host)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("greenstatus: error: --host must be a loopback address")
    assert len(result.stderr.splitlines()) == 1


def test_another_loopback_address_is_served(exe: str, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [exe, "sandbox", "--host", "127.0.0.2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=user_env(tmp_path),
    )
    try:
        lines = read_lines(process, 4)
        assert re.fullmatch(r"export GREENSTATUS_API_URL=http://127\.0\.0\.2:\d+", lines[2])
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(15) == 0
        assert process.stdout is not None
        process.stdout.close()


def test_a_port_in_use_is_one_line_and_exit_75(exe: str, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(exe, tmp_path, {}, "sandbox", "--port", str(port))
    assert result.returncode == 75
    assert result.stdout == ""
    assert result.stderr == (
        f"greenstatus: error: cannot listen on 127.0.0.1 port {port}: Address already in use; "
        "give another --port, or 0 for a free one\n"
    )


@pytest.mark.parametrize("port", ["-1", "65536", "http"])
def test_a_port_out_of_range_is_exit_2(exe: str, tmp_path: Path, port: str) -> None:
    result = run(exe, tmp_path, {}, "sandbox", "--port", port)
    assert result.returncode == 2 and result.stdout == ""


@pytest.mark.parametrize(
    "args", [["--version"], ["fonts"], ["--help"], ["post", "hi", "--dry-run"], ["sandbox", "-h"]]
)
def test_start_up_never_imports_the_sandbox(args: list[str], tmp_path: Path) -> None:
    names = ("greenstatus.sandbox", "http.server", "socketserver")
    assert modules_after(args, tmp_path, names) == set()


# --- the server's rules, in process ---------------------------------------------------------------


@pytest.fixture
def box() -> Iterator[FakeAPI]:
    with sandbox() as api:
        yield api


def call(api: FakeAPI, verb: str, method: str, **options: object) -> requests.Response:
    url = f"{api.url}/waInstance{api.id_instance}/{method}/{api.token}"
    return requests.request(verb, url, timeout=10, **options)  # type: ignore[arg-type]


def test_the_sandbox_makes_up_new_credentials_on_each_run(box: FakeAPI) -> None:
    with sandbox() as other:
        assert (other.id_instance, other.token) != (box.id_instance, box.token)
    assert call(box, "GET", "getStateInstance").json() == {"stateInstance": "authorized"}


@pytest.mark.parametrize(
    "method", ["getOutgoingStatuses", "getIncomingStatuses", "getContacts", "getSettings"]
)
def test_a_get_method_answers_429_above_one_request_a_second(box: FakeAPI, method: str) -> None:
    assert GREEN_API_LIMITS[method] == 1
    assert call(box, "GET", method).status_code == 200
    refused = call(box, "GET", method)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    time.sleep(1.05)
    assert call(box, "GET", method).status_code == 200


def test_sends_answer_429_above_five_a_second_and_deletes_above_ten(box: FakeAPI) -> None:
    codes = [
        call(box, "POST", "sendTextStatus", json={"message": f"n{i}"}).status_code for i in range(6)
    ]
    assert codes == [200] * 5 + [429]
    assert len(box.queued) == 5
    deletes = [
        call(box, "POST", "deleteStatus", json={"idMessage": "BAE5000000000000"}).status_code
        for _ in range(11)
    ]
    assert deletes == [400] * 10 + [429]


def test_get_contacts_has_the_documented_shape(box: FakeAPI) -> None:
    contacts = call(box, "GET", "getContacts").json()
    assert {tuple(sorted(c)) for c in contacts} == {("contactName", "id", "name", "type")}
    assert {c["type"] for c in contacts} == {"user", "group"}


def test_a_queued_status_is_in_the_journal_and_gains_statistics(box: FakeAPI) -> None:
    sent = call(
        box, "POST", "sendTextStatus", json={"message": "Hi", "participants": ["79001@c.us"]}
    )
    ident = sent.json()["idMessage"]
    outgoing = call(box, "GET", "getOutgoingStatuses", params={"minutes": "5"}).json()
    assert [i["idMessage"] for i in outgoing][-1] == ident
    # Only what happened within the minutes asked for: the examples are hours old.
    assert len(outgoing) == 1
    stats = call(box, "GET", "getStatusStatistic", params={"idMessage": ident}).json()
    assert [(s["participant"], s["status"]) for s in stats] == [("79001@c.us", "sent")]


def test_lost_answers_queue_the_status_then_answer_the_popped_code() -> None:
    with FakeAPI() as api:
        api.lost_answers.append(502)
        url = f"{api.url}/waInstance{api.id_instance}/sendTextStatus/{api.token}"
        lost = requests.post(url, json={"message": "once"}, timeout=10)
        assert (lost.status_code, lost.text) == (502, "Bad Gateway")
        assert api.queued == [{"message": "once"}]
        assert requests.post(url, json={"message": "twice"}, timeout=10).status_code == 200


# --- what a hostile or broken client can do to the sandbox ----------------------------------------


def raw_request(port: int, head: bytes, within: float = 5) -> bytes:
    """Send a hand-made request; return what the server answers before it closes (or within)."""
    with socket.create_connection(("127.0.0.1", port), timeout=within) as conn:
        conn.sendall(head)
        answer = b""
        try:
            while chunk := conn.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


def test_requests_the_sandbox_cannot_read_get_an_answer_and_print_nothing(running: tuple) -> None:
    process, variables = running
    port = int(variables["GREENSTATUS_API_URL"].rpartition(":")[2])
    path = f"/waInstance{variables['GREENSTATUS_ID_INSTANCE']}/sendTextStatus/x".encode()
    for length in (b"abc", b"-5", b"1e3", b"", "²".encode("latin-1")):
        head = b"POST " + path + b" HTTP/1.1\r\nHost: a\r\nContent-Length: " + length + b"\r\n\r\n"
        assert raw_request(port, head).startswith(b"HTTP/1.0 400 "), length
    deep = b"[" * 100_000
    head = b"POST %s HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    token = variables["GREENSTATUS_API_TOKEN_INSTANCE"].encode()
    for method in (b"sendTextStatus", b"sendMediaStatus", b"deleteStatus"):
        url = path.replace(b"sendTextStatus", method).replace(b"/x", b"/" + token)
        assert raw_request(port, head % (url, len(deep)) + deep).startswith(b"HTTP/1.0 400 ")
    process.send_signal(signal.SIGINT)
    assert process.wait(15) == 0
    assert process.stderr is not None and process.stderr.read() == b""


def test_a_huge_content_length_is_refused_before_a_byte_is_read() -> None:
    with sandbox() as api:
        port = int(api.url.rpartition(":")[2])
        head = b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10000000000\r\n\r\n"
        started = time.monotonic()
        answer = raw_request(port, head, within=10)
        assert answer.startswith(b"HTTP/1.0 413 ")
        assert time.monotonic() - started < 5


def test_a_request_whose_body_never_comes_is_dropped_after_the_request_timeout() -> None:
    with sandbox() as api:
        api.request_timeout = 0.5
        port = int(api.url.rpartition(":")[2])
        started = time.monotonic()
        # Headers promise 10 bytes, none follow: the sandbox must not wait for ever.
        answer = raw_request(port, b"POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\n", within=10)
        assert answer == b""
        assert time.monotonic() - started < 5


def test_uploaded_files_are_served_only_at_unguessable_links_and_nothing_else() -> None:
    """Any local user, or a web page through DNS rebinding, can reach the sandbox's port;
    GREEN-API's own links carry a random name, and so do the sandbox's."""
    with sandbox() as api:
        upload = f"{api.url}/waInstance{api.id_instance}/uploadFile/{api.token}"
        links = [
            requests.post(
                upload, data=b"GIF89a", headers={"Content-Type": "image/gif"}, timeout=10
            ).json()["urlFile"]
            for _ in range(2)
        ]
        for link in links:
            name = link.rpartition("/")[2]
            assert re.fullmatch(r"[0-9a-f]{32}\.bin", name), link
            assert requests.get(link, timeout=10).content == b"GIF89a"
        for path in ("/files/0001.bin", "/files/../../etc/passwd", "/files/%2e%2e/etc/passwd"):
            assert requests.get(api.url + path, timeout=10).status_code == 404


def test_only_a_request_with_the_token_may_send_a_large_body() -> None:
    """Without the token a client (or a web page posting to the port) sends 1 MB at most."""
    with sandbox() as api:
        port = int(api.url.rpartition(":")[2])
        head = "POST {} HTTP/1.1\r\nContent-Type: image/gif\r\nContent-Length: 2000000\r\n\r\n"
        for path in (
            f"/waInstance{api.id_instance}/uploadFile/{'0' * 50}",
            f"/waInstance{api.id_instance}/sendTextStatus/{api.token}x",
            "/files/x",
        ):
            assert raw_request(port, head.format(path).encode()).startswith(b"HTTP/1.0 413 ")
        upload = f"{api.url}/waInstance{api.id_instance}/uploadFile/{api.token}"
        data = b"GIF89a" + bytes(2_000_000)
        answer = requests.post(upload, data=data, headers={"Content-Type": "image/gif"}, timeout=10)
        assert answer.status_code == 200 and api.uploads[-1].data == data
