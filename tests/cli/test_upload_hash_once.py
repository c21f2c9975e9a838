"""A local file is hashed once per post: the duplicate guard's hash, which the upload reuses while
the open file keeps the stamp it was hashed under (rules/files), and hashes again otherwise."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import responses
from helpers.fakeapi import ID_INSTANCE
from helpers.urls import MEDIA_URL, SEND_MEDIA_URL, UPLOAD_URL
from typer.testing import CliRunner

from greenstatus import store
from greenstatus.cli import app
from greenstatus.rules import files

LINK = "https://sw-media.example.test/1101000001/hash-once.jpg"
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 400

pytestmark = pytest.mark.usefixtures("creds_env")


@pytest.fixture
def photo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A photo to post, the media host of the tests, and a journal of this test's own."""
    monkeypatch.setenv("GREENSTATUS_MEDIA_URL", MEDIA_URL)
    monkeypatch.setenv("GREENSTATUS_STATE_DIR", str(tmp_path / "state"))
    (tmp_path / "offer.jpg").write_bytes(PHOTO)
    return tmp_path / "offer.jpg"


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The file counts as settled at once (in life: its last change 2 s or more ago)."""
    monkeypatch.setattr(files, "SETTLE_SECONDS", 0.0)


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """How many SHA-256 objects hashed the whole photo."""
    hashed: list[int] = []
    real_new, real_sha256 = hashlib.new, hashlib.sha256

    class Counting:
        def __init__(self, inner: Any) -> None:
            self.inner, self.index = inner, len(hashed)
            hashed.append(0)

        def update(self, data: bytes) -> None:
            hashed[self.index] += len(data)
            self.inner.update(data)

        def hexdigest(self) -> str:
            return str(self.inner.hexdigest())

    monkeypatch.setattr(hashlib, "sha256", lambda *a: Counting(real_sha256(*a)))
    monkeypatch.setattr(hashlib, "new", lambda name, *a: Counting(real_new(name, *a)))
    return lambda: hashed.count(len(PHOTO))


def _recorded_sha256(state: Path) -> str | None:
    with store.open_journal(folder=state) as journal:
        (entry,) = journal.history(ID_INSTANCE)
        return entry.file_sha256


def _expect_post(
    api: responses.RequestsMock, on_upload: Callable[[], None] | None = None, sent: bool = True
) -> None:
    def upload(request: Any) -> tuple[int, dict[str, str], str]:
        if on_upload is not None:
            on_upload()
        return 200, {}, f'{{"urlFile": "{LINK}"}}'

    api.add_callback(responses.POST, UPLOAD_URL, callback=upload)
    if sent:
        api.post(SEND_MEDIA_URL, json={"idMessage": "BAE5ID"})


@pytest.mark.usefixtures("settled")
def test_a_settled_file_is_hashed_once_and_sent_whole(
    runner: CliRunner,
    api: responses.RequestsMock,
    photo: Path,
    passes: Callable[[], int],
    tmp_path: Path,
) -> None:
    _expect_post(api)
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 0, result.output
    assert api.calls[0].request.body == PHOTO
    assert passes() == 1
    assert _recorded_sha256(tmp_path / "state") == hashlib.sha256(PHOTO).hexdigest()


def test_a_file_changed_moments_ago_is_hashed_again_as_it_is_sent(
    runner: CliRunner, api: responses.RequestsMock, photo: Path, passes: Callable[[], int]
) -> None:
    # Just written: a write in the same clock tick would leave its stamp as it was.
    _expect_post(api)
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 0, result.output
    assert passes() == 2


@pytest.mark.usefixtures("settled")
def test_a_settled_file_replaced_after_the_guard_is_not_sent(
    runner: CliRunner,
    api: responses.RequestsMock,
    photo: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An editor saves by writing a new file and renaming it over the old: another inode,
    between the guard's hash and the upload."""
    from greenstatus.sending import upload

    real_upload = upload.upload_from_settings

    def replace_then_upload(*args: Any, **kwargs: Any) -> Any:
        photo.with_name("edited.jpg").write_bytes(PHOTO[::-1])
        os.replace(photo.with_name("edited.jpg"), photo)
        return real_upload(*args, **kwargs)

    monkeypatch.setattr(upload, "upload_from_settings", replace_then_upload)
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    result = runner.invoke(app, ["post", "--media", str(photo)])
    # Hashed while sent, as a file whose stamp changed: the bytes differ from the guard's.
    assert (result.exit_code, [c.request.url for c in api.calls]) == (2, [UPLOAD_URL])
    assert "changed after it was checked; nothing was posted" in result.stderr


@pytest.mark.usefixtures("settled")
def test_a_settled_file_written_during_the_upload_is_not_sent(
    runner: CliRunner, api: responses.RequestsMock, photo: Path
) -> None:
    def grow() -> None:
        with photo.open("ab") as fh:
            fh.write(b"more")

    _expect_post(api, on_upload=grow, sent=False)
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 2
    assert "changed while it was being uploaded; nothing was posted" in result.stderr
    assert [c.request.url for c in api.calls] == [UPLOAD_URL]


def test_only_a_settled_stamp_vouches(photo: Path) -> None:
    info = photo.stat()
    changed = max(info.st_mtime_ns, info.st_ctime_ns) / 1e9
    assert not files.settled(info, changed + 1.9)
    assert files.settled(info, changed + 2.0)
    assert not files.settled(info, changed - 60), "a change in the future is not settled"
    assert files.file_stamp(info) == files.file_stamp(photo.stat())
    photo.write_bytes(PHOTO + b"x")
    assert files.file_stamp(info) != files.file_stamp(photo.stat())


def test_a_file_removed_after_its_checks_is_refused_before_any_request(
    runner: CliRunner,
    api: responses.RequestsMock,
    photo: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Gone between the checks and the guard's hash (which runs on a thread of its own while
    the HTTP stack loads): the one message for a file that cannot be read, exit 2, no request,
    no journal entry, and no word from the thread itself."""
    from greenstatus.compose import inputs

    real_prepare = inputs.prepare

    def prepare_then_remove(*args: Any, **kwargs: Any) -> Any:
        prepared = real_prepare(*args, **kwargs)
        photo.unlink()
        return prepared

    monkeypatch.setattr(inputs, "prepare", prepare_then_remove)
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"greenstatus: error: cannot read {photo}: No such file or directory; nothing was posted\n"
    )
    assert len(api.calls) == 0
    with store.open_journal(folder=tmp_path / "state") as journal:
        assert journal.history(ID_INSTANCE) == []
