"""Input that broke in the third round of trials (issue 16): file names that are not UTF-8,
stdin that never ends, text that looks like an option, huge audiences, media whose content or
length is wrong, media URLs that cannot be parsed, numbers without bounds, a config nested deep.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import creds, media_env, run
from helpers.fakeapi import TOKEN, FakeAPI
from typer.testing import CliRunner

from greenstatus.cli import app

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)


# --- file names that are not UTF-8, or hold quotes, backslashes and controls -----------------


@pytest.fixture
def latin1_jpeg(tmp_path: Path) -> bytes:
    path = os.fsencode(tmp_path) + b"/caf\xe9.jpg"
    with open(path, "wb") as fh:
        fh.write(JPEG)
    return path


@pytest.mark.parametrize(
    ("journal", "extra"),
    [("on", []), ("on", ["--in", "1s"]), ("on", ["--outbox"]), ("off", [])],
    ids=["now", "scheduled", "outbox", "journal-off"],
)
def test_a_name_that_is_not_utf8_is_sent_made_safe(
    exe: str, fake_api: FakeAPI, latin1_jpeg: bytes, extra: list[str], journal: str
) -> None:
    env = media_env(fake_api, GREENSTATUS_JOURNAL=journal)
    result = run(exe, ["post", "--media", latin1_jpeg, *extra], env)
    assert result.returncode == 0, result.stderr
    if extra == ["--in", "1s"]:
        assert fake_api.seen == []
        time.sleep(1.2)
        flushed = run(exe, ["outbox", "flush"], env)
        assert flushed.returncode == 0, flushed.stderr
    [upload] = fake_api.uploads
    assert upload.file_name == "caf_.jpg"
    assert fake_api.seen[-1].json()["fileName"] == "caf_.jpg"


def test_the_dry_run_shows_the_name_as_sent(
    exe: str, fake_api: FakeAPI, latin1_jpeg: bytes
) -> None:
    result = run(exe, ["post", "--media", latin1_jpeg, "--dry-run", "--json"], media_env(fake_api))
    assert result.returncode == 0, result.stderr
    assert '"GA-Filename": "caf_.jpg"' in result.stdout
    assert '"fileName": "caf_.jpg"' in result.stdout
    assert fake_api.seen == []


def test_quotes_backslashes_and_controls_become_underscores(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    note = tmp_path / 'say "hi"\\\x01\x7f\u0085.wav'
    note.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(100))
    result = run(exe, ["post", "--voice", str(note)], media_env(fake_api))
    assert result.returncode == 0, result.stderr
    assert fake_api.uploads[0].file_name == "say _hi_____.wav"
    assert fake_api.seen[-1].json()["fileName"] == "say _hi_____.wav"


# --- stdin: an open pipe that sends nothing never holds a run -------------------------------

OGG = b"OggS\x00\x02" + bytes(300)


def run_on_silent_pipe(
    exe: str, args: list[str], env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run with stdin an open pipe that never sends and never closes (`tail -f /dev/null |`)."""
    read_end, write_end = os.pipe()
    started = time.monotonic()
    try:
        result = run(exe, args, env, stdin=read_end)
    finally:
        os.close(read_end)
        os.close(write_end)
    return result, time.monotonic() - started


def test_voice_never_reads_stdin(exe: str, fake_api: FakeAPI, tmp_path: Path) -> None:
    note = tmp_path / "v.ogg"
    note.write_bytes(OGG)
    result, seconds = run_on_silent_pipe(exe, ["post", "--voice", str(note)], media_env(fake_api))
    assert result.returncode == 0, result.stderr
    assert seconds < 8
    assert fake_api.seen[-1].json()["fileName"] == "v.ogg"


def test_media_waits_at_most_10_s_for_a_caption_then_posts_without(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(JPEG)
    result, seconds = run_on_silent_pipe(exe, ["post", "--media", str(photo)], media_env(fake_api))
    assert result.returncode == 0, result.stderr
    assert 9.5 < seconds < 25
    assert "caption" not in fake_api.seen[-1].json()


def test_a_text_post_on_a_silent_pipe_fails_after_10_s(exe: str, fake_api: FakeAPI) -> None:
    result, seconds = run_on_silent_pipe(exe, ["post"], creds(fake_api.url))
    assert result.returncode == 2
    assert "sent nothing in 10 s" in result.stderr and result.stderr.count("\n") == 1
    assert 9.5 < seconds < 25
    assert fake_api.seen == []


def test_a_slow_pipe_is_still_read(exe: str, fake_api: FakeAPI) -> None:
    proc = subprocess.Popen(
        [exe, "post", "--dry-run", "--json"],
        env=creds(fake_api.url),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None
    time.sleep(1)
    proc.stdin.write(b"Open ")
    proc.stdin.flush()
    time.sleep(1)
    out, err = proc.communicate(b"late", timeout=30)
    assert proc.returncode == 0, err
    assert b'"message": "Open late"' in out


# --- text that starts with '-', words without quotes ----------------------------------------

TEXT_HINTS = [
    (
        ["post", "-20% today"],
        "no such option -2; text that starts with '-' goes after '--': "
        "greenstatus post -- '-20% today'; see 'greenstatus post -h'",
    ),
    (
        ["post", "Sale", "-50%"],
        "text that starts with '-' goes after '--': greenstatus post -- -50%",
    ),
    (
        ["post", "Open", "until", "8"],
        "got unexpected extra arguments (until 8); put text with spaces in quotes: "
        "greenstatus post 'Open until 8 pm'",
    ),
]


@pytest.mark.parametrize(("args", "expected"), TEXT_HINTS)
@pytest.mark.parametrize("as_json", [False, True])
def test_text_that_looks_like_an_option_says_what_to_do(
    exe: str, args: list[str], expected: str, as_json: bool
) -> None:
    from helpers import check_one_line

    result = subprocess.run(
        [exe, *args, *(["--json"] if as_json else [])],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "COLUMNS": "40"},
    )
    assert result.returncode == 2
    check_one_line(result.stderr, expected)
    if as_json:
        import json

        error = json.loads(result.stdout)["error"]
        assert error["exit_code"] == 2
        assert error["message"] == result.stderr.strip().removeprefix("greenstatus: error: ")
    else:
        assert result.stdout == ""


@pytest.mark.parametrize("args", [["post", "--colr", "red", "x"], ["post", "-x"], ["list", "a"]])
def test_real_option_typos_get_no_text_hint(exe: str, args: list[str]) -> None:
    result = subprocess.run([exe, *args], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "'--'" not in result.stderr and "quotes" not in result.stderr


def test_text_after_dashes_is_posted_as_written(exe: str, fake_api: FakeAPI) -> None:
    result = run(exe, ["post", "--dry-run", "--json", "--", "-20% today"], creds(fake_api.url))
    assert result.returncode == 0, result.stderr
    assert '"message": "-20% today"' in result.stdout


# --- recipients: over 1024 a warning, over 10,000 refused unless --force ---------------------


def numbers(count: int) -> list[str]:
    return [f"7900{n:07d}" for n in range(count)]


@pytest.mark.parametrize("how", ["-t", "--to-file", "profile"])
@pytest.mark.parametrize(
    ("count", "force", "code"),
    [(1024, False, 0), (1500, False, 0), (10_001, False, 2), (10_001, True, 0)],
)
def test_recipient_count_is_checked_however_they_are_given(
    runner: CliRunner,
    write_config: Callable[[str], Path],
    tmp_path: Path,
    how: str,
    count: int,
    force: bool,
    code: int,
) -> None:
    given = numbers(count)
    config = (
        "[profiles.default]\nid_instance = '1101000001'\n"
        f"api_token_instance = '{TOKEN}'\napi_url = 'https://1101.api.greenapi.com'\n"
    )
    args = ["post", "Hello", "--dry-run", "--json", *(["--force"] if force else [])]
    if how == "-t":
        args += ["-t", ",".join(given)]
    elif how == "--to-file":
        (tmp_path / "people.txt").write_text("\n".join(given))
        args += ["--to-file", str(tmp_path / "people.txt")]
    else:
        config += "participants = [" + ", ".join(f"'{n}@c.us'" for n in given) + "]\n"
    write_config(config)
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    if code == 2:
        assert "10,001 recipients" in result.stderr and "--force" in result.stderr
        assert result.stderr.count("\n") == 1 and '"error"' in result.stdout
    elif count > 1024:
        assert f"{count:,} recipients" in result.stderr
        assert "only the first 1024 contacts receive statuses" in result.stderr
        assert len(json.loads(result.stdout)["body"]["participants"]) == count
    else:
        assert result.stderr == ""


def test_a_media_post_warns_too(runner: CliRunner, creds_env: None, tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(JPEG)
    result = runner.invoke(
        app,
        ["post", "--media", str(photo), "--dry-run", "-t", ",".join(numbers(2000))],
        env={"GREENSTATUS_MEDIA_URL": "https://1101.media.greenapi.com"},
    )
    assert result.exit_code == 0, result.output
    assert "2,000 recipients: only the first 1024 contacts" in result.stderr
    refused = runner.invoke(
        app, ["post", "--media", str(photo), "--dry-run", "-t", ",".join(numbers(20_000))]
    )
    assert refused.exit_code == 2


# --- media checks before any upload: length and content -------------------------------------


def wav(path: Path, seconds: int, claimed: int | None = None) -> Path:
    """A real mono 8 kHz 8-bit WAV; claimed makes its header say a longer length than the
    bytes hold (tinytag reads the header, and 700 s of samples would be 5.6 MB)."""
    import struct
    import wave

    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(b"\x80" * 8000 * seconds)
    if claimed is not None:
        data = bytearray(path.read_bytes())
        at = data.find(b"data")
        struct.pack_into("<I", data, at + 4, 8000 * claimed)
        struct.pack_into("<I", data, 4, 36 + 8000 * claimed)
        path.write_bytes(bytes(data))
    return path


def mp4(path: Path, seconds: int) -> Path:
    """An MP4 whose movie header (mvhd) says it lasts seconds."""
    import struct

    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    mvhd = box(
        b"mvhd",
        bytes(4) + struct.pack(">IIII", 0, 0, 1000, seconds * 1000) + bytes(80),
    )
    path.write_bytes(box(b"ftyp", b"isom\x00\x00\x02\x00isommp41") + box(b"moov", mvhd))
    return path


def test_voice_over_600_s_is_refused_before_the_upload(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    note = wav(tmp_path / "talk.wav", 1, claimed=700)
    result = run(exe, ["post", "--voice", str(note)], media_env(fake_api))
    assert result.returncode == 2
    assert "700 s long" in result.stderr and "600 s" in result.stderr
    assert fake_api.seen == []


def test_voice_over_60_s_is_a_warning(exe: str, fake_api: FakeAPI, tmp_path: Path) -> None:
    note = wav(tmp_path / "talk.wav", 90)
    result = run(exe, ["post", "--voice", str(note)], media_env(fake_api))
    assert result.returncode == 0, result.stderr
    assert "90 s long; some servers cut voice statuses to one minute" in result.stderr
    assert [s.path.split("/")[2] for s in fake_api.seen] == ["uploadFile", "sendVoiceStatus"]


def test_voice_of_a_minute_is_sent_without_a_word(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    note = wav(tmp_path / "talk.wav", 1, claimed=60)
    result = run(exe, ["post", "--voice", str(note)], media_env(fake_api))
    assert result.returncode == 0 and result.stderr == ""


def test_video_over_60_s_is_a_warning(exe: str, fake_api: FakeAPI, tmp_path: Path) -> None:
    clip = mp4(tmp_path / "clip.mp4", 90)
    result = run(exe, ["post", "--media", str(clip), "Sale"], media_env(fake_api))
    assert result.returncode == 0, result.stderr
    assert "90 s long; GREEN-API cuts video statuses to one minute" in result.stderr
    assert fake_api.seen[-1].json()["caption"] == "Sale"


def test_a_length_that_cannot_be_read_skips_the_check(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    note = tmp_path / "note.ogg"
    note.write_bytes(b"OggS" + bytes(500))
    quiet = run(exe, ["post", "--voice", str(note)], media_env(fake_api))
    assert quiet.returncode == 0 and quiet.stderr == ""
    verbose = run(
        exe, ["post", "--voice", str(note), "-v", "--allow-duplicate"], media_env(fake_api)
    )
    assert verbose.returncode == 0, verbose.stderr
    assert f"cannot read the length of {note}" in verbose.stderr


@pytest.mark.parametrize(
    ("name", "content", "option", "words"),
    [
        ("photo.jpg", b"\x89PNG\r\n\x1a\n" + bytes(100), "--media", "is a PNG image, not .jpg"),
        ("song.mp3", b"this is text, not sound\n", "--voice", "does not hold a .mp3 file"),
        ("clip.mp4", JPEG, "--media", "is a JPEG image, not .mp4; rename it to .jpg"),
        ("note.ogg", b"RIFF\x00\x00\x00\x00WAVEfmt ", "--voice", "is a WAV audio file"),
        ("anim.gif", b"RIFF\x00\x00\x00\x00WEBPVP8 ", "--media", "is a WebP image, not .gif"),
    ],
)
def test_content_that_does_not_match_its_extension_is_refused(
    exe: str,
    fake_api: FakeAPI,
    tmp_path: Path,
    name: str,
    content: bytes,
    option: str,
    words: str,
) -> None:
    (tmp_path / name).write_bytes(content)
    for extra in ([], ["--dry-run"]):
        result = run(exe, ["post", option, str(tmp_path / name), *extra], media_env(fake_api))
        assert result.returncode == 2
        assert words in result.stderr and result.stderr.count("\n") == 1
    assert fake_api.seen == []


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("a.jpeg", JPEG),
        ("a.png", b"\x89PNG\r\n\x1a\n"),
        ("a.gif", b"GIF89a"),
        ("a.webp", b"RIFF\x00\x00\x00\x00WEBP"),
        ("a.3gp", b"\x00\x00\x00\x14ftyp3gp4"),
        ("a.mov", b"\x00\x00\x00\x14ftypqt  "),
        ("a.mov", b"\x00\x00\x00\x08wide"),
        ("a.mp3", b"ID3\x04"),
        ("a.mp3", b"\xff\xfb\x90\x64"),
        ("a.opus", b"OggS\x00"),
        ("a.wav", b"RIFF\x00\x00\x00\x00WAVE"),
    ],
)
def test_every_accepted_type_passes_the_content_check(name: str, head: bytes) -> None:
    from greenstatus.rules import media

    media.check_content(head + bytes(20), name.rpartition(".")[2], name)


# --- media URLs that cannot be parsed are refused, never sent --------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://exa mple.com/a.jpg", "has a host that cannot be used"),
        ("https://example.com:99999/a.jpg", "port out of range"),
        ("https://example.com:abc/a.jpg", "port could not be cast"),
        ("https://example.com/a\x01b.jpg", "holds a control character"),
        ("https://exam\x7fple.com/a.jpg", "holds a control character"),
        ("https://example.com/a\u0085.jpg", "holds a control character"),
        ("http://[::1/a.jpg", "invalid ipv6 url"),
        ("http://[fe80::zz]/a.jpg", "'fe80::zz'"),
        ("https://a..b/a.jpg", "has a host that cannot be used"),
        ("https://exa%20mple.com/a.jpg", "has a host that cannot be used"),
        ("https://-cdn.example.com/a.jpg", "has a host that cannot be used"),
        ("https://example.com:0/a.jpg", "port 0"),
    ],
)
def test_a_media_url_that_cannot_be_parsed_is_refused(
    exe: str, fake_api: FakeAPI, url: str, words: str
) -> None:
    for extra in ([], ["--dry-run", "--json"]):
        result = run(exe, ["post", "--media", url, *extra], media_env(fake_api))
        assert result.returncode == 2, result.stderr
        assert words in result.stderr and result.stderr.count("\n") == 1
        assert "\x01" not in result.stderr and "\x7f" not in result.stderr
    assert fake_api.seen == []


@pytest.mark.parametrize(
    "url",
    [
        "https://кафе.рф/menu.jpg",
        "http://[::1]:8080/a.png",
        "https://cdn_1.example.com./x.png",
        "https://example.com:65535/a%20b.mp4",
    ],
)
def test_unusual_but_valid_media_urls_are_sent_as_given(
    exe: str, fake_api: FakeAPI, url: str
) -> None:
    result = run(exe, ["post", "--media", url], media_env(fake_api))
    assert result.returncode == 0, result.stderr
    assert fake_api.seen[-1].json()["urlFile"] == url


# --- numbers on the command line have bounds -------------------------------------------------

HUGE = str(2**64)


@pytest.mark.parametrize(
    "args",
    [
        ["history", "--limit", HUGE],
        ["history", "-l", "1000001"],
        ["outbox", "flush", "--limit", HUGE],
        ["outbox", "flush", "-l", "0"],
        ["outbox", "drop", HUGE],
        ["outbox", "drop", "1", str(2**63)],
        ["list", "--minutes", HUGE],
        ["list", "--minutes", "43201"],
        ["list", "--incoming", "--minutes", "-1"],
    ],
)
def test_numbers_out_of_bounds_are_usage_errors(
    exe: str, fake_api: FakeAPI, tmp_path: Path, args: list[str]
) -> None:
    env = creds(fake_api.url, GREENSTATUS_STATE_DIR=str(tmp_path / "state"))
    result = run(exe, args, env)
    assert result.returncode == 2, result.stderr
    assert "is not in the range" in result.stderr and result.stderr.count("\n") == 1
    assert fake_api.seen == []


def test_the_bounds_themselves_are_taken(exe: str, fake_api: FakeAPI, tmp_path: Path) -> None:
    env = creds(fake_api.url, GREENSTATUS_STATE_DIR=str(tmp_path / "state"))
    assert run(exe, ["post", "Hi", "-q"], env).returncode == 0
    assert run(exe, ["history", "--limit", "1000000"], env).returncode == 0
    assert run(exe, ["outbox", "flush", "--limit", "1000000"], env).returncode == 0
    assert run(exe, ["list", "--minutes", "43200"], env).returncode == 0
    dropped = run(exe, ["outbox", "drop", str(2**63 - 1)], env)
    assert dropped.returncode == 2 and "no such entry" in dropped.stderr


# --- a config file nested thousands deep ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
        "[profiles.default]\nfont = " + "{ b = " * 5000 + "1" + " }" * 5000 + "\n",
    ],
    ids=["arrays", "inline-tables"],
)
@pytest.mark.parametrize(
    "args",
    [["post", "Hi", "--dry-run"], ["config", "show"], ["config", "set", "font", "serif"]],
)
def test_a_config_nested_thousands_deep_is_78_with_its_path(
    exe: str, tmp_path: Path, text: str, args: list[str]
) -> None:
    config = tmp_path / "deep.toml"
    config.write_text(text)
    config.chmod(0o600)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
    result = run(exe, ["--config", str(config), *args], env)
    assert result.returncode == 78, result.stderr
    assert f"config file {config} cannot be read" in result.stderr
    assert result.stderr.count("\n") == 1 and "Recursion" not in result.stderr


def test_config_set_from_a_silent_pipe_fails_after_10_s(exe: str, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
    result, seconds = run_on_silent_pipe(
        exe, ["--config", str(config), "config", "set", "api_token_instance", "-"], env
    )
    assert result.returncode == 2
    assert "sent nothing in 10 s" in result.stderr
    assert 9.5 < seconds < 25


def test_a_name_from_a_url_is_made_safe_the_same_way(exe: str, fake_api: FakeAPI) -> None:
    url = "https://cdn.example.com/a%22b%0Ac%5C%FF%C3%A9.jpg?v=2"
    result = run(exe, ["post", "--media", url], media_env(fake_api))
    assert result.returncode == 0, result.stderr
    assert fake_api.seen[-1].json() == {"urlFile": url, "fileName": "a_b_c__é.jpg"}
