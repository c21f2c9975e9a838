"""The upload progress bar says it waits for the server once every byte is sent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import media_env
from helpers.fakeapi import FakeAPI, Reply


def test_the_bar_says_waiting_for_the_server_after_the_last_byte(
    exe: str, fake_api: FakeAPI, tmp_path: Path
) -> None:
    pexpect = pytest.importorskip("pexpect")
    photo = tmp_path / "shop front.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(3 * 1024 * 1024))
    # The server holds its answer to the upload, as GREEN-API does while it stores the file.
    fake_api.replies.append(Reply(200, {"urlFile": f"{fake_api.url}/files/shop.jpg"}, delay=1.5))
    env = media_env(fake_api, TERM="xterm", COLUMNS="120")
    child = pexpect.spawn(exe, ["post", "--media", str(photo)], env=env, encoding="utf-8")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    shown = child.before or ""
    assert child.exitstatus == 0, shown
    assert "uploading shop front.jpg" in shown
    assert "shop front.jpg sent, waiting for the server" in shown
