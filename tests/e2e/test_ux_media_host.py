"""Issue 16, the media host: derived only from GREEN-API's own hosts, never guessed for a
gateway, a proxy or a local server, and named by `config init` and `config show`."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from helpers import creds, run
from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI
from typer.testing import CliRunner

from greenstatus.cli import app

NO_HOST = (
    "greenstatus: error: no media host: api_url (env GREENSTATUS_API_URL) is not a GREEN-API "
    "host, so the upload host is not known; set media_url (greenstatus config set media_url "
    "URL, or GREENSTATUS_MEDIA_URL), or give --media/--voice an http(s) URL\n"
)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "offer.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(2000))
    return path


@pytest.mark.parametrize("option", ["--media", "--voice"])
def test_local_file_with_a_local_api_url_uploads_nothing(
    exe: str, fake_api: FakeAPI, photo: Path, tmp_path: Path, option: str
) -> None:
    target = photo
    if option == "--voice":
        target = tmp_path / "hello.wav"
        target.write_bytes(b"RIFF" + (3996).to_bytes(4, "little") + b"WAVE" + bytes(3992))
    result = run(exe, ["post", option, str(target)], creds(fake_api.url))
    assert (result.returncode, result.stdout, result.stderr) == (78, "", NO_HOST)
    assert fake_api.seen == []
    history = run(exe, ["history", "--json"], creds(fake_api.url))
    assert json.loads(history.stdout) == []


def test_media_url_sends_the_upload_where_it_says(exe: str, fake_api: FakeAPI, photo: Path) -> None:
    env = creds(fake_api.url, GREENSTATUS_MEDIA_URL=fake_api.url)
    result = run(exe, ["post", "--media", str(photo)], env)
    assert result.returncode == 0, result.stderr
    assert [s.path.split("/")[2] for s in fake_api.seen] == ["uploadFile", "sendMediaStatus"]


def test_a_url_needs_no_media_host(exe: str, fake_api: FakeAPI) -> None:
    url = "https://cdn.example.test/offer.png"
    result = run(exe, ["post", "--media", url], creds(fake_api.url))
    assert result.returncode == 0, result.stderr
    assert [s.path for s in fake_api.seen] == [f"/waInstance{ID_INSTANCE}/sendMediaStatus/{TOKEN}"]


def test_dry_run_shows_a_placeholder_and_the_note(exe: str, fake_api: FakeAPI, photo: Path) -> None:
    result = run(exe, ["post", "--media", str(photo), "-n"], creds(fake_api.url))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        f"POST {{mediaUrl}}/waInstance{ID_INSTANCE}/uploadFile/d75b…2345\n"
    )
    assert result.stderr == NO_HOST.replace("error: ", "warning: ")
    assert fake_api.seen == []


def test_scheduled_upload_waits_for_a_media_host(exe: str, fake_api: FakeAPI, photo: Path) -> None:
    """A kept copy whose api_url lost its media host stays pending: nothing is sent anywhere."""
    with_host = creds(fake_api.url, GREENSTATUS_MEDIA_URL=fake_api.url)
    scheduled = run(exe, ["post", "--media", str(photo), "--in", "1s"], with_host)
    assert scheduled.returncode == 0, scheduled.stderr
    time.sleep(1.2)
    flush = run(exe, ["outbox", "flush"], creds(fake_api.url))
    assert flush.returncode == 78, flush.stderr
    assert "no media host" in flush.stderr and "still pending" in flush.stderr
    assert fake_api.seen == []
    waiting = json.loads(run(exe, ["outbox", "list", "--json"], with_host).stdout)
    assert [e["state"] for e in waiting] == ["pending"]
    again = run(exe, ["outbox", "flush"], with_host)
    assert again.returncode == 0, again.stderr
    assert [s.path.split("/")[2] for s in fake_api.seen] == ["uploadFile", "sendMediaStatus"]


DERIVED = "derived from api_url"


@pytest.mark.parametrize(
    ("api_url", "shown", "source"),
    [
        ("https://7105.api.greenapi.com", "https://7105.media.greenapi.com", DERIVED),
        ("https://api.green-api.com", "https://media.green-api.com", DERIVED),
        (
            "https://gateway.example.test",
            "not set",
            "not set: api_url is not a GREEN-API host, so a local file needs media_url",
        ),
    ],
)
@pytest.mark.cli
def test_config_show_names_the_media_host(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, api_url: str, shown: str, source: str
) -> None:
    monkeypatch.setenv("GREENSTATUS_API_URL", api_url)
    plain = runner.invoke(app, ["config", "show"])
    assert f"media_url = {shown}    # {source}\n" in plain.stdout
    data = json.loads(runner.invoke(app, ["config", "show", "--json"]).stdout)
    assert data["media_url"] == {"value": shown, "source": source}


@pytest.mark.parametrize(
    ("api_url", "line"),
    [
        (
            "https://1101.api.greenapi.com",
            "media host: https://1101.media.greenapi.com (derived from api_url)\n",
        ),
        (
            "http://127.0.0.1:9",
            "media host: not set: api_url is not a GREEN-API host, so a local file needs "
            "media_url (greenstatus config set media_url URL)\n",
        ),
    ],
)
@pytest.mark.cli
def test_config_init_names_the_media_host(runner: CliRunner, api_url: str, line: str) -> None:
    args = ["config", "init", "--instance", "1", "--token-stdin", "--no-verify"]
    result = runner.invoke(app, [*args, "--api-url", api_url], input=TOKEN)
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(line)
