"""Round 3 (issue 16): the token in any case or spelling, server text that is stored or shown,
--json that is JSON, usage errors, and the streams a run writes to."""

from __future__ import annotations

import json
import os
import random
import re
import sqlite3
import struct
import subprocess
import time
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import helpers
import pexpect
import pytest
import responses
from helpers import env_for, run
from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI, Reply
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from greenstatus import output
from greenstatus import store as jn
from greenstatus.cli import app
from greenstatus.rules.untrusted import UNSAFE_CHARS, clean

ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def fragments(token: str) -> set[str]:
    return helpers.fragments(token.lower())


def decoded(text: str) -> str:
    """The text as a reader would undo every %XX, case folded."""
    return unquote(text).lower()


@st.composite
def spelled_window(draw: st.DrawFn) -> tuple[str, str]:
    token = draw(st.text(alphabet=ALNUM, min_size=20, max_size=60))
    start = draw(st.integers(0, len(token) - 8))
    end = draw(st.integers(start + 8, len(token)))
    spelled = []
    for char in token[start:end]:
        if draw(st.booleans()):
            char = char.swapcase()
        how = draw(st.sampled_from(["raw", "upper", "lower"]))
        if how != "raw":
            hexed = f"{ord(char):02X}"
            char = "%" + (hexed if how == "upper" else hexed.lower())
        spelled.append(char)
    return token, "".join(spelled)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(spelled_window(), st.text(alphabet=" :/?=-xyz", max_size=12))
def test_any_window_in_any_case_and_encoding_is_masked(case: tuple[str, str], around: str) -> None:
    token, spelled = case
    shown = output.scrub(f"{around}{spelled}{around[::-1]}", [token])
    assert not any(f in decoded(shown) for f in fragments(token)), shown


def test_fully_percent_encoded_token_in_either_hex_case_is_masked() -> None:
    upper = "".join(f"%{ord(c):02X}" for c in TOKEN)
    for spelled in (
        upper,
        upper.lower(),
        TOKEN.upper(),
        json.dumps(TOKEN.upper(), ensure_ascii=True),
    ):
        shown = output.scrub(f"GET /waInstance1/x/{spelled} 200", [TOKEN])
        assert not any(f in decoded(shown) for f in fragments(TOKEN)), shown
        assert shown.startswith("GET /waInstance1/x/") and shown.endswith(" 200")


def test_json_and_repr_escapes_are_still_masked() -> None:
    escaped = "".join(f"\\u{ord(c):04x}" for c in TOKEN[:20]) + TOKEN[20:].upper()
    shown = output.scrub(f"{{'t': '{escaped}'}} {quote(TOKEN)!r}", [TOKEN])
    assert "\\u" not in shown.replace("\\u2026", "")
    assert not any(f in decoded(shown) for f in fragments(TOKEN))


def test_text_that_only_looks_like_a_token_is_kept() -> None:
    text = "deadbeef cafebabe 0123456789 %41%42%43%44 TOKEN"
    assert output.scrub(text, [TOKEN]) == text


def test_scrubbing_a_mebibyte_is_fast() -> None:
    rng = random.Random(16)
    words = ["status", "queued", "%2F", "https://", TOKEN[:7], "7105", "BAE5", "\\u00e9"]
    text = " ".join(rng.choice(words) for _ in range(200_000))[: 1 << 20]
    started = time.perf_counter()
    output.scrub(text, [TOKEN])
    assert time.perf_counter() - started < 1.0


# --- 2. server values are scrubbed before they are stored ---------------------------------------

HOSTILE_ID = "BAE5" + "".join(f"%{ord(c):02x}" if i % 2 else c.upper() for i, c in enumerate(TOKEN))


def journal_leaks(state: Path) -> list[str]:
    """8 characters of the token in any file of the state folder, in any case or spelling."""
    found = []
    for path in state.iterdir():
        data = unquote(path.read_bytes().decode("latin-1")).lower()
        found += [f"{path.name}: {f}" for f in fragments(TOKEN) if f in data]
    return found


def png(path: Path, padding: int = 0) -> Path:
    """A valid 1×1 PNG; padding adds a private chunk of that many bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    signature = b"\x89PNG\r\n\x1a\n"
    extra = chunk(b"prVt", os.urandom(padding)) if padding else b""
    path.write_bytes(
        signature + chunk(b"IHDR", header) + extra + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def test_idmessage_that_echoes_the_token_is_stored_scrubbed(exe: str, tmp_path: Path) -> None:
    state = tmp_path / "state"
    with FakeAPI() as server:
        server.replies.append(Reply(200, {"idMessage": HOSTILE_ID}))
        posted = run(
            exe, ["post", "hello"], env_for(server.url, tmp_path, GREENSTATUS_STATE_DIR=str(state))
        )
        shown = run(
            exe,
            ["history", "--json"],
            env_for(server.url, tmp_path, GREENSTATUS_STATE_DIR=str(state)),
        )
    assert posted.returncode == 0, posted.stderr
    assert not any(f in decoded(posted.stdout + posted.stderr) for f in fragments(TOKEN))
    assert json.loads(shown.stdout)[0]["state"] == "queued"
    assert journal_leaks(state) == []


def test_urlfile_that_echoes_the_token_is_not_kept_and_the_next_flush_uploads_again(
    exe: str, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    with jn.open_journal(folder=state) as opened:
        copy = jn.keep_file(str(png(tmp_path / "offer.png")), None)
        body = {"urlFile": "", "fileName": "offer.png", "caption": "Two for one"}
        draft = jn.NewEntry(
            profile="default",
            id_instance=ID_INSTANCE,
            kind="image",
            body=body,
            fingerprint=jn.fingerprint("image", body),
            state="pending",
            not_before=jn.utcnow() - timedelta(seconds=5),
            file_name="offer.png",
            file_copy=copy,
        )
        assert opened.add(draft).entry is not None
    with FakeAPI() as server:
        env = env_for(
            server.url, tmp_path, GREENSTATUS_STATE_DIR=str(state), GREENSTATUS_MEDIA_URL=server.url
        )
        server.replies.append(Reply(200, {"urlFile": f"{server.url}/files/{TOKEN.upper()}.png"}))
        server.replies.append(Reply(503, {}))
        first = run(exe, ["outbox", "flush", "--retries", "0"], env)
        kept = (
            sqlite3.connect(state / "journal.sqlite3")
            .execute("SELECT state, url_file FROM entries")
            .fetchall()
        )
        leaked = journal_leaks(state)
        second = run(exe, ["outbox", "flush"], env)
        uploads = [s for s in server.seen if "/uploadFile/" in s.path]
    assert first.returncode == 75, first.stderr
    assert kept == [("pending", None)]
    assert leaked == []
    assert second.returncode == 0, second.stderr
    assert len(uploads) == 2, "the kept copy is uploaded again"
    assert journal_leaks(state) == []


# --- 3. server text never controls the terminal -------------------------------------------------

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
EVIL = f"{OSC52}\x1b[2J\x9b31m\u202eexe.txt[/x][bold]\u2028"
SERVER_BYTES = ("\x1b]", "52;c;", "\x1b[2J", "\x9b", "\u202e", "\u2028", "\x07")


def on_pty(exe: str, args: list[str], env: dict[str, str]) -> tuple[int, str]:
    child = pexpect.spawn(exe, args, env={**env, "COLUMNS": "160"}, encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before or ""


def assert_inert(transcript: str) -> None:
    for sequence in SERVER_BYTES:
        assert sequence not in transcript, (sequence, transcript)


def test_config_check_shows_state_and_account_inert(exe: str, tmp_path: Path) -> None:
    with FakeAPI() as server:
        server.state = f"authorized{OSC52}"
        settings = server.settings()
        server.settings = lambda: {**settings, "wid": f"7999{EVIL}@c.us"}  # type: ignore[method-assign]
        code, transcript = on_pty(exe, ["config", "check"], env_for(server.url, tmp_path))
    assert code != 1, transcript
    assert_inert(transcript)


def test_config_init_shows_the_state_inert(exe: str, tmp_path: Path) -> None:
    env = env_for("", tmp_path, GREENSTATUS_CONFIG=str(tmp_path / "c.toml"))
    for name in (
        "GREENSTATUS_ID_INSTANCE",
        "GREENSTATUS_API_TOKEN_INSTANCE",
        "GREENSTATUS_API_URL",
    ):
        env.pop(name)
    with FakeAPI() as server:
        server.state = f"notAuthorized{EVIL}"
        child = pexpect.spawn(exe, ["config", "init"], env=env, encoding="utf-8", timeout=30)
        child.expect("idInstance")
        child.sendline(ID_INSTANCE)
        child.expect("apiUrl")
        child.sendline(server.url)
        child.expect("apiTokenInstance")
        child.sendline(TOKEN)
        child.expect(pexpect.EOF)
        child.close()
    assert child.exitstatus != 1, child.before
    assert_inert(child.before or "")


UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    st.lists(
        st.sampled_from(
            ["\x1b", "]52;c;", "[2J", "\x9b", "\x9d", "\x07", "\u202e", "\u2028", "\t", "\n"]
        )
        | st.text(max_size=4),
        max_size=12,
    )
)
def test_the_sanitizer_leaves_no_control_whatever_it_is_given(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert not UNSAFE.search(clean(text))
    assert not UNSAFE.search(clean(text, layout=True).replace("\t", "").replace("\n", ""))


def hostile_journal(state: Path) -> None:
    """A queued entry whose idMessage came from a hostile server, and a scheduled one whose
    text carries the same sequences."""
    with jn.open_journal(folder=state) as opened:
        body = {"message": "sale", "backgroundColor": "#228B22"}
        draft = jn.NewEntry("default", ID_INSTANCE, "text", body, jn.fingerprint("text", body))
        added = opened.add(draft)
        assert added.entry is not None
        opened.finish(added.entry.id, "queued", id_message=f"BAE5{EVIL}", http_status=200)
        body = {"message": f"later{EVIL}\nline two", "backgroundColor": "#228B22"}
        later = jn.NewEntry(
            "default",
            ID_INSTANCE,
            "text",
            body,
            jn.fingerprint("text", body),
            state="scheduled",
            not_before=jn.utcnow() + timedelta(hours=1),
        )
        assert opened.add(later).entry is not None


@pytest.mark.parametrize("args", [["history"], ["outbox", "list"], ["stats", "last"]])
def test_journal_values_on_a_terminal_are_inert_and_never_markup(
    exe: str, tmp_path: Path, args: list[str]
) -> None:
    state = tmp_path / "state"
    hostile_journal(state)
    with FakeAPI() as server:
        server.statistics[f"BAE5{EVIL}"] = [
            {"participant": f"7900{EVIL}@c.us", "status": f"read{EVIL}", "timestamp": 1710134811}
        ]
        env = env_for(server.url, tmp_path, GREENSTATUS_STATE_DIR=str(state))
        code, transcript = on_pty(exe, args, env)
    assert code == 0, transcript
    assert_inert(transcript)
    assert "[/x][bold]" in transcript, "markup from the server is shown as written"


def test_delete_last_prompt_is_inert(exe: str, tmp_path: Path) -> None:
    state = tmp_path / "state"
    hostile_journal(state)
    with FakeAPI() as server:
        env = env_for(server.url, tmp_path, GREENSTATUS_STATE_DIR=str(state))
        child = pexpect.spawn(exe, ["delete", "last"], env=env, encoding="utf-8", timeout=30)
        child.expect(r"\[y/N\]")
        prompt = child.before or ""
        child.sendline("n")
        child.expect(pexpect.EOF)
        child.close()
    assert child.exitstatus == 0
    assert "[/x][bold]" in prompt
    assert_inert(prompt + (child.before or ""))


def test_outbox_flush_on_a_terminal_shows_the_id_inert(exe: str, tmp_path: Path) -> None:
    state = tmp_path / "state"
    with jn.open_journal(folder=state) as opened:
        body = {"message": "due", "backgroundColor": "#228B22"}
        draft = jn.NewEntry(
            "default",
            ID_INSTANCE,
            "text",
            body,
            jn.fingerprint("text", body),
            state="pending",
            not_before=jn.utcnow() - timedelta(seconds=5),
        )
        assert opened.add(draft).entry is not None
    with FakeAPI() as server:
        server.replies.append(Reply(200, {"idMessage": f"BAE5{EVIL}"}))
        env = env_for(server.url, tmp_path, GREENSTATUS_STATE_DIR=str(state))
        code, transcript = on_pty(exe, ["outbox", "flush"], env)
    assert code == 0, transcript
    assert "[/x][bold]" in transcript
    assert_inert(transcript)


def test_a_file_name_that_looks_like_markup_is_shown_as_named_while_uploading(
    exe: str, tmp_path: Path
) -> None:
    image = png(tmp_path / "[bold]sale.png", padding=3 * 1024 * 1024)
    with FakeAPI() as server:
        env = env_for(server.url, tmp_path, GREENSTATUS_MEDIA_URL=server.url, TERM="xterm")
        code, transcript = on_pty(exe, ["post", "--media", str(image)], env)
    assert code == 0, transcript
    assert "uploading [bold]sale.png" in transcript, "shown as named, not as markup"


def test_list_and_stats_on_a_terminal_are_inert(exe: str, tmp_path: Path) -> None:
    item = {
        "idMessage": f"BAE5{EVIL}",
        "timestamp": 1710134811,
        "typeMessage": "extendedTextMessage",
        "statusMessage": f"read{EVIL}",
        "extendedTextMessage": {"text": f"hi{EVIL}", "font": f"SERIF{EVIL}"},
    }
    with FakeAPI() as server:
        server.outgoing = [item]
        server.statistics["BAE5X"] = [
            {"participant": f"7900{EVIL}@c.us", "status": f"read{EVIL}", "timestamp": 1710134811}
        ]
        env = env_for(server.url, tmp_path)
        listed = on_pty(exe, ["list"], env)
        stats = on_pty(exe, ["stats", "BAE5X"], env)
    for code, transcript in (listed, stats):
        assert code == 0, transcript
        assert_inert(transcript)
        assert "[/x][bold]" in transcript


# --- 4. --json is JSON, and inert ---------------------------------------------------------------


def strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_json_writes_nan_and_infinity_as_null_and_escapes_c1_and_bidi(
    runner: CliRunner, api: responses.RequestsMock, creds_env: None
) -> None:
    base = f"https://7105.api.greenapi.com/waInstance{ID_INSTANCE}"
    api.get(
        f"{base}/getStatusStatistic/{TOKEN}",
        body='[{"participant": "7900@c.us", "status": "read", "timestamp": NaN, '
        '"x": [Infinity, -Infinity]}]',
    )
    api.get(
        f"{base}/getOutgoingStatuses/{TOKEN}",
        body='[{"idMessage": "BAE5\\u009b31m\\u202e", "timestamp": Infinity, "extra": [NaN]}]',
    )
    stats = runner.invoke(app, ["stats", "BAE5X", "--json"])
    listed = runner.invoke(app, ["list", "--json"])
    assert stats.exit_code == 0 and listed.exit_code == 0, stats.output + listed.output
    assert strict(stats.stdout) == [
        {"participant": "7900@c.us", "status": "read", "timestamp": None, "x": [None, None]}
    ]
    assert strict(listed.stdout) == [
        {"idMessage": "BAE5\x9b31m\u202e", "timestamp": None, "extra": [None]}
    ]
    assert "\x9b" not in listed.stdout and "\u202e" not in listed.stdout
    assert "\\u009b31m\\u202e" in listed.stdout


# --- 5. usage errors mask a token given by mistake ----------------------------------------------

OTHER = "abcdef0123456789abcdef0123456789abcdef0123456789ab"
MISTAKES = [
    ["-p", "{t}"],
    ["post", "--colr", "{t}", "hi"],
    ["post", "--timeout", "{t}", "hi"],
    ["config", "get", "{t}"],
    ["{t}"],
    ["list", "--minutes", "{t}"],
    ["outbox", "drop", "{t}"],
    ["--json", "stats", "--timeout", "{t}", "x"],
]


@pytest.mark.parametrize("argv", MISTAKES, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("where", ["environment", "config file"])
def test_usage_errors_mask_a_token_given_by_mistake(
    exe: str, tmp_path: Path, argv: list[str], where: str
) -> None:
    env = env_for("http://127.0.0.1:9", tmp_path)
    token = TOKEN
    if where == "config file":
        token = OTHER
        config = tmp_path / "config.toml"
        config.write_text(f'[profiles.shop]\nid_instance = "1"\napi_token_instance = "{OTHER}"\n')
        config.chmod(0o600)
        env["GREENSTATUS_CONFIG"] = str(config)
    result = run(exe, [a.format(t=token) for a in argv], env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("greenstatus: error:")
    shown = decoded(result.stdout + result.stderr)
    assert not any(f in shown for f in fragments(token)), shown


# --- 6. streams ----------------------------------------------------------------------------------


def closed_stdout(
    exe: str, args: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", '"$0" "$@" >&-', exe, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def many_entries(state: Path, count: int = 200) -> None:
    """Scheduled entries whose history and outbox list run well past an 8 KiB buffer."""
    with jn.open_journal(folder=state) as opened:
        for n in range(count):
            body = {"message": f"entry {n} " + "x" * 60, "backgroundColor": "#228B22"}
            draft = jn.NewEntry(
                "default",
                ID_INSTANCE,
                "text",
                body,
                jn.fingerprint("text", body),
                state="scheduled",
                not_before=jn.utcnow() + timedelta(hours=1),
            )
            assert opened.add(draft).entry is not None


@pytest.mark.parametrize(
    ("args", "replies"),
    [
        (["post", "refused"], [Reply(400, "Validation failed")]),
        (["post", "--color", "nope", "hi"], []),
        (["nosuch"], []),
        (["post", "hi", "-v"], []),
        (["post", "later", "--retries", "0"], [Reply(503, {})]),
        (["history", "--limit", "500"], []),
    ],
    ids=["65", "usage", "no-command", "queued-verbose", "503", "history"],
)
def test_a_full_disk_behind_stderr_never_changes_the_exit_code(
    exe: str, tmp_path: Path, args: list[str], replies: list[Reply]
) -> None:
    state = tmp_path / "state"
    many_entries(state)
    codes = []
    for stderr in (subprocess.PIPE, "/dev/full"):
        with FakeAPI() as server, open("/dev/full", "w") as full:
            server.replies.extend(replies)
            env = env_for(server.url, tmp_path, GREENSTATUS_STATE_DIR=str(state))
            env["GREENSTATUS_DUPLICATE_WINDOW"] = "0"
            result = run(exe, args, env, stderr=full if stderr == "/dev/full" else stderr)
            codes.append(result.returncode)
    assert codes[0] == codes[1], codes
    assert codes[0] != 74


@pytest.mark.parametrize("args", [["history", "--limit", "500"], ["outbox", "list"], ["list"]])
def test_closed_stdout_is_a_broken_pipe_and_a_full_one_is_74(
    exe: str, tmp_path: Path, args: list[str]
) -> None:
    state = tmp_path / "state"
    many_entries(state)
    with FakeAPI() as server, open("/dev/full", "w") as full:
        server.outgoing = server.outgoing * 100
        env = env_for(server.url, tmp_path, GREENSTATUS_STATE_DIR=str(state))
        closed = closed_stdout(exe, args, env)
        filled = run(exe, args, env, stdout=full)
    assert (closed.returncode, closed.stderr) == (141, "")
    assert filled.returncode == 74, filled.stderr
    assert filled.stderr == "greenstatus: error: cannot write to stdout: No space left on device\n"


def test_closed_stdout_after_a_queued_post_is_a_success_with_the_id_on_stderr(
    exe: str, tmp_path: Path
) -> None:
    with FakeAPI() as server:
        result = closed_stdout(exe, ["post", "hi"], env_for(server.url, tmp_path))
    assert result.returncode == 0
    assert result.stderr.startswith("greenstatus: queued BAE5F4886F6F0001 ")
