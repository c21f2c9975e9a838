"""A large local video through the installed command: the duplicate guard hashes it before any
byte is uploaded (on a thread of its own, while the HTTP stack loads), and a Ctrl-C or SIGTERM
while it does ends the post as it always did: nothing sent, no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers import media_env, run
from helpers.fakeapi import FakeAPI

MP4 = b"\x00\x00\x00\x18ftypmp42"
TASKS = Path("/proc/self/task")


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 MiB: about 30 ms of hashing on a free core, far longer on a loaded one."""
    path = tmp_path_factory.mktemp("media") / "big.mp4"
    with path.open("wb") as fh:
        fh.write(MP4)
        for _ in range(40):
            fh.write(os.urandom(1024 * 1024))
    return path


def test_the_same_large_video_twice_is_uploaded_once(
    exe: str, fake_api: FakeAPI, video: Path, tmp_path: Path
) -> None:
    env = media_env(fake_api, GREENSTATUS_STATE_DIR=str(tmp_path / "state"))
    first = run(exe, ["post", "--media", str(video)], env)
    again = run(exe, ["post", "--media", str(video)], env)
    assert (first.returncode, again.returncode) == (0, 0), again.stderr
    # The repeat prints the earlier idMessage, as the post did, and sends nothing.
    assert again.stdout == first.stdout == "BAE5F4886F6F0001\n"
    assert [s.path.split("/")[2] for s in fake_api.seen] == ["uploadFile", "sendMediaStatus"]
    assert len(fake_api.uploads) == 1


def _signal_while_hashing(proc: subprocess.Popen[str], signum: int) -> None:
    """Send signum once the command runs a second thread (the guard's hash), or at once if it
    ended first: either way, before the upload could have started."""
    tasks = Path(f"/proc/{proc.pid}/task")
    end = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < end:
        try:
            if len(os.listdir(tasks)) > 1:
                break
        except FileNotFoundError:
            break
        time.sleep(0.0005)
    proc.send_signal(signum)


@pytest.mark.skipif(not TASKS.is_dir(), reason="needs /proc to see the command's threads")
@pytest.mark.parametrize(
    ("signum", "code", "said"),
    [
        (signal.SIGINT, 130, "greenstatus: interrupted; nothing was sent\n"),
        (signal.SIGTERM, -signal.SIGTERM, ""),
    ],
)
def test_a_signal_while_the_guard_hashes_sends_nothing(
    exe: str, fake_api: FakeAPI, video: Path, tmp_path: Path, signum: int, code: int, said: str
) -> None:
    env = media_env(fake_api, GREENSTATUS_STATE_DIR=str(tmp_path / "state"))
    proc = subprocess.Popen(
        [exe, "post", "--media", str(video)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _signal_while_hashing(proc, signum)
    out, err = proc.communicate(timeout=30)
    assert (proc.returncode, out, err) == (code, "", said)
    assert fake_api.seen == []
    # Nothing reached the journal either: the same post later goes out as a new one.
    again = run(exe, ["post", "--media", str(video)], env)
    assert again.returncode == 0, again.stderr
    assert [s.path.split("/")[2] for s in fake_api.seen] == ["uploadFile", "sendMediaStatus"]
