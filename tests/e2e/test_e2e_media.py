"""The installed command posting media and voice statuses to the local fake GREEN-API, as a
user or cron would: the bytes that arrive, the chain of requests, and what the user sees."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from helpers import creds, media_env, run
from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI, Reply

# Each file starts as its type does: content that does not match its extension is refused
# before the upload (contract, round 3).
JPEG = b"\xff\xd8\xff\xe0"
MP4 = b"\x00\x00\x00\x18ftypmp42"


@pytest.fixture
def video(tmp_path: Path) -> Path:
    path = tmp_path / "spring sale.mp4"
    path.write_bytes(MP4 + os.urandom(3 * 1024 * 1024 + 17))
    return path


def test_local_video_arrives_byte_for_byte(exe: str, fake_api: FakeAPI, video: Path) -> None:
    result = run(
        exe,
        ["post", "--media", str(video), "Spring sale 🌷", "-t", "79001234567"],
        media_env(fake_api),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "BAE5F4886F6F0001\n" and result.stderr == ""
    [upload] = fake_api.uploads
    assert upload.sha256 == hashlib.sha256(video.read_bytes()).hexdigest()
    assert (upload.file_name, upload.content_type) == ("spring sale.mp4", "video/mp4")
    assert [s.path for s in fake_api.seen] == [
        f"/waInstance{ID_INSTANCE}/uploadFile/{TOKEN}",
        f"/waInstance{ID_INSTANCE}/sendMediaStatus/{TOKEN}",
    ]
    assert fake_api.seen[0].headers["Content-Length"] == str(video.stat().st_size)
    assert fake_api.seen[1].json() == {
        "urlFile": upload.url_file,
        "fileName": "spring sale.mp4",
        "caption": "Spring sale 🌷",
        "participants": ["79001234567@c.us"],
    }


def test_voice_note_and_json_answer(exe: str, fake_api: FakeAPI, tmp_path: Path) -> None:
    note = tmp_path / "hello.wav"
    note.write_bytes(b"RIFF\x00\x00\x00\x00WAVE" + os.urandom(4000))
    result = run(exe, ["post", "--voice", str(note), "-c", "navy", "--json"], media_env(fake_api))
    assert result.returncode == 0, result.stderr
    assert result.stdout == '{"idMessage": "BAE5F4886F6F0001"}\n'
    assert fake_api.uploads[0].content_type == "audio/wav"
    assert fake_api.seen[1].path.startswith(f"/waInstance{ID_INSTANCE}/sendVoiceStatus/")
    assert fake_api.seen[1].json() == {
        "urlFile": fake_api.uploads[0].url_file,
        "fileName": "hello.wav",
        "backgroundColor": "#000080",
    }


def test_url_image_with_caption_from_a_pipe(exe: str, fake_api: FakeAPI) -> None:
    url = "https://cdn.example.test/img/offer.png"
    result = run(
        exe, ["post", "--media", url], media_env(fake_api), stdin=None, input="Two for one\n"
    )
    assert result.returncode == 0, result.stderr
    assert fake_api.uploads == []
    assert [s.json() for s in fake_api.seen] == [
        {"urlFile": url, "fileName": "offer.png", "caption": "Two for one"}
    ]


def test_upload_refused_then_accepted_sends_once(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    photo = tmp_path / "offer.jpg"
    photo.write_bytes(JPEG + os.urandom(50_000))
    fake_api.replies.append(Reply(503, "Service Unavailable"))
    result = run(exe, ["post", "--media", str(photo)], media_env(fake_api))
    assert result.returncode == 0, result.stderr
    assert [s.path.split("/")[2] for s in fake_api.seen] == [
        "uploadFile",
        "uploadFile",
        "sendMediaStatus",
    ]
    assert fake_api.seen[0].body == fake_api.seen[1].body == photo.read_bytes()


def test_send_refused_after_upload_is_not_uploaded_again(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    photo = tmp_path / "offer.jpg"
    photo.write_bytes(JPEG + os.urandom(50_000))
    fake_api.replies.append(Reply(200, {"urlFile": f"{fake_api.url}/files/x.jpg"}))
    fake_api.replies.append(Reply(500, "Internal Server Error"))
    result = run(exe, ["post", "--media", str(photo)], media_env(fake_api))
    assert result.returncode == 75
    assert "may or may not have been queued" in result.stderr
    assert [s.path.split("/")[2] for s in fake_api.seen] == ["uploadFile", "sendMediaStatus"]


def test_fake_server_validates_like_the_docs(fake_api: FakeAPI) -> None:
    """The fake refuses what GREEN-API documents as invalid, so the tests above mean something."""
    from helpers.fakeapi import validate_media_status

    ok = {"urlFile": "https://x.test/a.jpg", "fileName": "a.jpg", "caption": "hi"}
    assert validate_media_status("sendMediaStatus", ok) is None
    assert validate_media_status("sendMediaStatus", {**ok, "font": "SERIF"})
    assert validate_media_status("sendMediaStatus", {**ok, "fileName": "a"})
    assert validate_media_status("sendMediaStatus", {**ok, "fileName": "a.mp3"})
    assert validate_media_status("sendMediaStatus", {**ok, "caption": "x" * 1025})
    assert validate_media_status("sendVoiceStatus", ok)
    voice = {"urlFile": "https://x.test/a.mp3", "fileName": "a.mp3", "backgroundColor": "#000080"}
    assert validate_media_status("sendVoiceStatus", voice) is None


def test_refusal_makes_no_request(exe: str, fake_api: FakeAPI, tmp_path: Path) -> None:
    (tmp_path / "menu.pdf").write_bytes(b"%PDF")
    result = run(exe, ["post", "--media", str(tmp_path / "menu.pdf")], media_env(fake_api))
    assert result.returncode == 2
    assert result.stderr.startswith("greenstatus: error: --media takes jpg")
    assert fake_api.seen == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_refused(exe: str, fake_api: FakeAPI, tmp_path: Path) -> None:
    photo = tmp_path / "offer.jpg"
    photo.write_bytes(b"x")
    photo.chmod(0)
    result = run(exe, ["post", "--media", str(photo)], media_env(fake_api))
    assert result.returncode == 2 and "cannot read" in result.stderr
    assert fake_api.seen == []


@pytest.mark.parametrize("kind", ["--media", "--voice"])
def test_dry_run_imports_no_requests_and_sends_nothing(
    kind: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    from helpers import modules_after

    target = tmp_path / ("offer.jpg" if kind == "--media" else "hello.mp3")
    target.write_bytes((JPEG if kind == "--media" else b"ID3") + b"x" * 2000)
    assert modules_after(["post", kind, str(target), "-n"], tmp_path).isdisjoint(
        {"requests", "urllib3"}
    )
    assert modules_after(["post", kind, str(target), "-n", "--json"], tmp_path).isdisjoint(
        {"requests", "urllib3"}
    )
    assert fake_api.seen == []


def test_progress_bar_on_a_terminal(exe: str, fake_api: FakeAPI, video: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = media_env(fake_api, TERM="xterm", COLUMNS="100")
    child = pexpect.spawn(
        exe, ["post", "--media", str(video)], env=env, encoding="utf-8", timeout=30
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert "uploading spring sale.mp4" in (child.before or "")
    assert TOKEN[:8] not in (child.before or "")
    assert fake_api.uploads[0].sha256 == hashlib.sha256(video.read_bytes()).hexdigest()


def test_upload_is_streamed_not_read_whole(exe: str, fake_api: FakeAPI, tmp_path: Path) -> None:
    """A 40 MiB upload peaks far below the file's size (benchmarks/upload_memory.py measures
    50 MiB against the 60 MiB budget)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from upload_memory import run_once, write_file

    video = tmp_path / "big.mp4"
    digest = write_file(video, 40)
    _, peak_mib = run_once([exe, "post", "--media", str(video), "-q"], media_env(fake_api))
    assert fake_api.uploads[0].sha256 == digest
    assert peak_mib < 60, f"peak RSS {peak_mib:.1f} MiB for a 40 MiB upload"


def test_unreachable_media_host_is_75_and_never_shows_the_token(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    photo = tmp_path / "offer.jpg"
    photo.write_bytes(JPEG + b"x" * 100)
    env = creds(fake_api.url, GREENSTATUS_MEDIA_URL=closed)
    result = run(exe, ["post", "--media", str(photo), "--retries", "1", "-v"], env)
    assert result.returncode == 75
    assert result.stderr.count("attempt") == 2
    assert result.stderr.splitlines()[-1].startswith("greenstatus: error: the upload to")
    assert "nothing was posted" in result.stderr
    assert TOKEN[:8] not in result.stderr and TOKEN[-8:] not in result.stderr
    assert fake_api.seen == []


# --- media through the journal: the guard by file hash, scheduled posts from a kept copy ----------


def test_the_same_picture_twice_is_uploaded_and_sent_once(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    photo = tmp_path / "offer.jpg"
    photo.write_bytes(JPEG + os.urandom(4096))
    env = media_env(fake_api, GREENSTATUS_STATE_DIR=str(tmp_path / "state"))
    first = run(exe, ["post", "--media", str(photo), "Two for one"], env)
    again = run(exe, ["post", "--media", str(photo), "Two for one"], env)
    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    assert again.stdout == first.stdout, "the repeat prints the earlier idMessage"
    assert "queued at" in again.stderr
    assert len(fake_api.uploads) == 1 and len(fake_api.queued) == 1
    other_caption = run(exe, ["post", "--media", str(photo), "Three for two"], env)
    assert other_caption.returncode == 0
    assert len(fake_api.uploads) == 2 and len(fake_api.queued) == 2
    history = run(exe, ["history", "--json"], env)
    import json

    entries = json.loads(history.stdout)
    assert {e["kind"] for e in entries} == {"image"}
    assert all(e["body"]["urlFile"].startswith(fake_api.url) for e in entries)


def test_scheduled_media_is_sent_from_its_kept_copy(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    import sqlite3

    voice = tmp_path / "hello.ogg"
    original = b"OggS" + os.urandom(8192)
    voice.write_bytes(original)
    state = tmp_path / "state"
    env = media_env(fake_api, GREENSTATUS_STATE_DIR=str(state))
    scheduled = run(exe, ["post", "--voice", str(voice), "--in", "1h", "-c", "navy"], env)
    assert scheduled.returncode == 0, scheduled.stderr
    assert fake_api.seen == [], "scheduling sends nothing, not even the upload"
    [copy] = (state / "files").iterdir()
    assert copy.name == hashlib.sha256(original).hexdigest() + ".ogg"
    assert copy.stat().st_mode & 0o777 == 0o600
    voice.write_bytes(b"OggS edited after scheduling")
    db = sqlite3.connect(state / "journal.sqlite3")
    db.execute("UPDATE entries SET not_before = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 minute')")
    db.commit()
    db.close()
    flushed = run(exe, ["outbox", "flush"], env)
    assert flushed.returncode == 0, flushed.stderr
    [upload] = fake_api.uploads
    assert upload.sha256 == hashlib.sha256(original).hexdigest(), "the copy, not the edited file"
    assert fake_api.queued == [
        {"urlFile": upload.url_file, "fileName": "hello.ogg", "backgroundColor": "#000080"}
    ]
    assert flushed.stdout.split("\t")[1].strip() == "BAE5F4886F6F0001"
    assert list((state / "files").iterdir()) == [], "the copy goes once the status is queued"
