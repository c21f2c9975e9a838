"""`post --media` and `post --voice` through CliRunner and responses: the upload-then-send
chain with its exact URLs, headers and bytes, the retries of each half, and every refusal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
import responses
from helpers import API_URL, TOKEN
from helpers.fakeapi import ID_INSTANCE
from responses import matchers
from typer.testing import CliRunner

from greenstatus import output
from greenstatus.cli import app

MEDIA_URL = "https://media.example.test"
UPLOAD_URL = f"{MEDIA_URL}/waInstance{ID_INSTANCE}/uploadFile/{TOKEN}"
SEND_MEDIA_URL = f"{API_URL}/waInstance{ID_INSTANCE}/sendMediaStatus/{TOKEN}"
SEND_VOICE_URL = f"{API_URL}/waInstance{ID_INSTANCE}/sendVoiceStatus/{TOKEN}"
LINK = "https://sw-media.example.test/1101000001/4f1c.jpg"
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40

pytestmark = pytest.mark.usefixtures("creds_env", "media_env")


@pytest.fixture
def media_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENSTATUS_MEDIA_URL", MEDIA_URL)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "offer.jpg"
    path.write_bytes(PHOTO)
    return path


@pytest.fixture
def voice_note(tmp_path: Path) -> Path:
    path = tmp_path / "hello.opus"
    path.write_bytes(b"OggS" + b"\x00" * 500)
    return path


def upload_body(call: responses.Call) -> bytes:
    body = call.request.body
    assert isinstance(body, bytes)
    return body


def test_local_image_is_uploaded_then_sent(
    runner: CliRunner, api: responses.RequestsMock, photo: Path
) -> None:
    api.post(
        UPLOAD_URL,
        json={"urlFile": LINK},
        match=[
            matchers.header_matcher(
                {
                    "Content-Type": "image/jpeg",
                    "GA-Filename": "offer.jpg",
                    "Content-Length": str(len(PHOTO)),
                }
            )
        ],
    )
    api.post(
        SEND_MEDIA_URL,
        json={"idMessage": "BAE5ID"},
        match=[
            matchers.header_matcher({"Content-Type": "application/json"}),
            matchers.json_params_matcher(
                {
                    "urlFile": LINK,
                    "fileName": "offer.jpg",
                    "caption": "Two for one, today only",
                    "participants": ["79001234567@c.us"],
                },
                strict_match=True,
            ),
        ],
    )
    result = runner.invoke(
        app,
        ["post", "--media", str(photo), "Two for one, today only", "-t", "+7 900 123-45-67"],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "BAE5ID\n"
    assert result.stderr == ""
    assert [c.request.url for c in api.calls] == [UPLOAD_URL, SEND_MEDIA_URL]
    assert upload_body(api.calls[0]) == PHOTO
    assert "Transfer-Encoding" not in api.calls[0].request.headers


def test_voice_note_with_colour_and_profile_participants(
    runner: CliRunner,
    api: responses.RequestsMock,
    voice_note: Path,
    write_config: Callable[[str], Path],
) -> None:
    write_config(
        '[profiles.default]\nparticipants = ["79001234567@c.us"]\nfont = "SERIF"\n'
        'background_color = "#8B0000"\n'
    )
    api.post(
        UPLOAD_URL,
        json={"urlFile": LINK},
        match=[matchers.header_matcher({"Content-Type": "audio/ogg", "GA-Filename": "hello.opus"})],
    )
    api.post(
        SEND_VOICE_URL,
        json={"idMessage": "VOICE1"},
        match=[
            matchers.json_params_matcher(
                {
                    "urlFile": LINK,
                    "fileName": "hello.opus",
                    "backgroundColor": "#000080",
                    "participants": ["79001234567@c.us"],
                },
                strict_match=True,
            )
        ],
    )
    result = runner.invoke(app, ["post", "--voice", str(voice_note), "--color", "navy"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "VOICE1\n"
    assert upload_body(api.calls[0]) == voice_note.read_bytes()


def test_voice_takes_the_profile_colour_and_no_font(
    runner: CliRunner,
    api: responses.RequestsMock,
    write_config: Callable[[str], Path],
) -> None:
    write_config('[profiles.default]\nfont = "SERIF"\nbackground_color = "#8B0000"\n')
    api.post(
        SEND_VOICE_URL,
        json={"idMessage": "VOICE2"},
        match=[
            matchers.json_params_matcher(
                {
                    "urlFile": "https://cdn.example.test/v/hello.mp3",
                    "fileName": "hello.mp3",
                    "backgroundColor": "#8B0000",
                },
                strict_match=True,
            )
        ],
    )
    result = runner.invoke(app, ["post", "--voice", "https://cdn.example.test/v/hello.mp3"])
    assert result.exit_code == 0, result.output


def test_url_video_is_sent_as_is_without_an_upload(
    runner: CliRunner, api: responses.RequestsMock
) -> None:
    url = "https://cdn.example.test/clips/Spring%20sale.mp4?sig=abc"
    api.post(
        SEND_MEDIA_URL,
        json={"idMessage": "VID1", "extra": 1},
        match=[
            matchers.json_params_matcher(
                {"urlFile": url, "fileName": "Spring sale.mp4"}, strict_match=True
            )
        ],
    )
    result = runner.invoke(app, ["post", "--media", url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"idMessage": "VID1", "extra": 1}
    assert len(api.calls) == 1


def test_caption_from_a_pipe_and_from_file(
    runner: CliRunner, api: responses.RequestsMock, photo: Path, tmp_path: Path
) -> None:
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(SEND_MEDIA_URL, json={"idMessage": "A"})
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(SEND_MEDIA_URL, json={"idMessage": "B"})
    piped = runner.invoke(app, ["post", "--media", str(photo)], input=b"Fresh\r\nbread\n")
    assert piped.exit_code == 0, piped.output
    caption = tmp_path / "caption.txt"
    caption.write_text("From a file 😀\n")
    filed = runner.invoke(app, ["post", "--media", str(photo), "-F", str(caption)])
    assert filed.exit_code == 0, filed.output
    assert json.loads(api.calls[1].request.body or b"")["caption"] == "Fresh\nbread"
    assert json.loads(api.calls[3].request.body or b"")["caption"] == "From a file 😀"


def test_empty_pipe_means_no_caption(
    runner: CliRunner, api: responses.RequestsMock, photo: Path
) -> None:
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(
        SEND_MEDIA_URL,
        json={"idMessage": "A"},
        match=[
            matchers.json_params_matcher(
                {"urlFile": LINK, "fileName": "offer.jpg"}, strict_match=True
            )
        ],
    )
    result = runner.invoke(app, ["post", "--media", str(photo)], input=b"  \n")
    assert result.exit_code == 0, result.output


def test_caption_truncated_to_1024_units(
    runner: CliRunner, api: responses.RequestsMock, photo: Path
) -> None:
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(SEND_MEDIA_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "--media", str(photo), "x" * 2000, "--truncate"])
    assert result.exit_code == 0, result.output
    caption = json.loads(api.calls[1].request.body or b"")["caption"]
    assert len(caption) == 1024 and caption.endswith("…")


def test_non_ascii_file_name_is_percent_encoded_in_the_header_only(
    runner: CliRunner, api: responses.RequestsMock, tmp_path: Path
) -> None:
    photo = tmp_path / "Кофе.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + PHOTO)
    api.post(
        UPLOAD_URL,
        json={"urlFile": LINK},
        match=[matchers.header_matcher({"GA-Filename": "%D0%9A%D0%BE%D1%84%D0%B5.png"})],
    )
    api.post(SEND_MEDIA_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 0, result.output
    assert json.loads(api.calls[1].request.body or b"")["fileName"] == "Кофе.png"


def test_media_host_is_derived_from_a_per_instance_api_url(
    runner: CliRunner, api: responses.RequestsMock, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GREENSTATUS_MEDIA_URL")
    derived = f"https://7105.media.greenapi.com/waInstance{ID_INSTANCE}/uploadFile/{TOKEN}"
    api.post(derived, json={"urlFile": LINK})
    api.post(SEND_MEDIA_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 0, result.output
    assert api.calls[0].request.url == derived


# --- retries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 503, "body": "Service Unavailable"},
        {"status": 500, "body": "Internal Server Error"},
        {"body": requests.ConnectionError("Connection refused")},
        {"body": requests.ReadTimeout("read timed out")},
    ],
    ids=["503", "500", "refused", "read-timeout"],
)
def test_failed_upload_is_retried_from_the_first_byte(
    runner: CliRunner,
    api: responses.RequestsMock,
    photo: Path,
    no_sleep: list[float],
    failure: dict[str, object],
) -> None:
    api.post(UPLOAD_URL, **failure)  # type: ignore[arg-type]
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(SEND_MEDIA_URL, json={"idMessage": "OK1"})
    result = runner.invoke(app, ["post", "--media", str(photo), "caption"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK1\n"
    assert [c.request.url for c in api.calls] == [UPLOAD_URL, UPLOAD_URL, SEND_MEDIA_URL]
    assert upload_body(api.calls[1]) == PHOTO
    assert len(no_sleep) == 1


def test_upload_that_keeps_failing_posts_nothing(
    runner: CliRunner, api: responses.RequestsMock, photo: Path, no_sleep: list[float]
) -> None:
    for _ in range(3):
        api.post(UPLOAD_URL, status=503, body="busy")
    result = runner.invoke(app, ["post", "--media", str(photo), "--retries", "2", "--json"])
    assert result.exit_code == 75
    assert "nothing was posted" in result.stderr
    assert json.loads(result.stdout)["error"]["http_status"] == 503
    assert [c.request.url for c in api.calls] == [UPLOAD_URL] * 3


def test_refused_token_on_upload_is_77_without_retry(
    runner: CliRunner, api: responses.RequestsMock, photo: Path
) -> None:
    api.post(UPLOAD_URL, status=401, body=f"Unauthorized {TOKEN}")
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 77
    assert len(api.calls) == 1
    assert TOKEN not in result.output and TOKEN[:8] not in result.stderr


def test_send_failing_after_a_good_upload_does_not_upload_again(
    runner: CliRunner, api: responses.RequestsMock, photo: Path, no_sleep: list[float]
) -> None:
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(SEND_MEDIA_URL, status=503, body="busy")
    api.post(SEND_MEDIA_URL, json={"idMessage": "LATE"})
    retried = runner.invoke(app, ["post", "--media", str(photo)])
    assert retried.exit_code == 0, retried.output
    assert [c.request.url for c in api.calls] == [UPLOAD_URL, SEND_MEDIA_URL, SEND_MEDIA_URL]


def test_ambiguous_send_failure_is_not_retried_nor_reuploaded(
    runner: CliRunner, api: responses.RequestsMock, photo: Path, no_sleep: list[float]
) -> None:
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(SEND_MEDIA_URL, status=500, body="oops")
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 75
    assert "may or may not have been queued" in result.stderr
    assert [c.request.url for c in api.calls] == [UPLOAD_URL, SEND_MEDIA_URL]


def test_upload_answer_without_url_file_is_temporary(
    runner: CliRunner, api: responses.RequestsMock, photo: Path, no_sleep: list[float]
) -> None:
    api.post(UPLOAD_URL, json={"nope": 1})
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(SEND_MEDIA_URL, json={"idMessage": "A"})
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 0, result.output


# --- refusals ----------------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "offer.jpg").write_bytes(PHOTO)
    (tmp_path / "hello.mp3").write_bytes(b"ID3" + b"\x00" * 100)
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "album.jpg").mkdir()
    (tmp_path / "empty.png").write_bytes(b"")
    with (tmp_path / "huge.mp4").open("wb") as fh:
        fh.truncate(100 * 1024 * 1024 + 1)  # sparse: no disk space is used
    return tmp_path


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--media", "{d}/notes.txt"], "--media takes jpg"),
        (["--media", "{d}/hello.mp3"], "use --voice"),
        (["--voice", "{d}/offer.jpg"], "use --media"),
        (["--media", "{d}/missing.jpg"], "no such file"),
        (["--media", "{d}/album.jpg"], "is a folder"),
        (["--media", "{d}/huge.mp4"], "100 MiB"),
        (["--media", "{d}/empty.png"], "is empty"),
        (["--media", "{d}/offer.jpg", "--font", "SERIF"], "--font"),
        (["--voice", "{d}/hello.mp3", "-f", "serif"], "--font"),
        (["--media", "{d}/offer.jpg", "--color", "navy"], "--color"),
        (["--voice", "{d}/hello.mp3", "a caption"], "no caption"),
        (["--voice", "{d}/hello.mp3", "-F", "{d}/notes.txt"], "no caption"),
        (["--media", "{d}/offer.jpg", "--voice", "{d}/hello.mp3"], "give one of them"),
        (["--media", "{d}/offer.jpg", "x" * 1025], "caption is 1025 characters"),
        (["--media", "ftp://example.com/a.jpg"], "http(s) URL"),
        (["--media", "https://example.com/download?id=3"], "--media takes"),
        (["--media", "https://example.com/"], "no file name"),
        (["--voice", "https://example.com/a.wav", "-c", "white"], "contrast"),
    ],
)
def test_refusals_exit_2_before_any_request(
    runner: CliRunner, api: responses.RequestsMock, files: Path, args: list[str], words: str
) -> None:
    argv = ["post", *(a.replace("{d}", str(files)) for a in args)]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert len(api.calls) == 0


def test_voice_never_reads_piped_text(
    runner: CliRunner, api: responses.RequestsMock, files: Path
) -> None:
    # Contract, round 3: --voice never reads stdin (it used to refuse piped text, after reading it).
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(SEND_VOICE_URL, json={"idMessage": "V"})
    result = runner.invoke(app, ["post", "--voice", str(files / "hello.mp3")], input=b"hi\n")
    assert result.exit_code == 0, result.output
    assert "caption" not in api.calls[1].request.body.decode()


def test_unreadable_file_is_refused(
    runner: CliRunner,
    api: responses.RequestsMock,
    files: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    real_open = os.open

    def deny(path: str, *args: object, **kwargs: object) -> int:
        if str(path).endswith("offer.jpg"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("greenstatus.compose.inputs.os.open", deny)
    result = runner.invoke(app, ["post", "--media", str(files / "offer.jpg")])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr and "Permission denied" in result.stderr
    assert len(api.calls) == 0


# --- dry run, verbose, config ----------------------------------------------------------------


def test_dry_run_shows_both_requests_and_makes_none(
    runner: CliRunner, api: responses.RequestsMock, photo: Path
) -> None:
    result = runner.invoke(app, ["post", "--media", str(photo), "Sale", "-n"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    masked = f"{TOKEN[:4]}…{TOKEN[-4:]}"
    assert lines[:4] == [
        f"POST {MEDIA_URL}/waInstance{ID_INSTANCE}/uploadFile/{masked}",
        "Content-Type: image/jpeg",
        "GA-Filename: offer.jpg",
        f"Content-Length: {len(PHOTO)} (10.0 KiB, the bytes of {photo})",
    ]
    assert f"POST {API_URL}/waInstance{ID_INSTANCE}/sendMediaStatus/{masked}" in lines
    assert '"urlFile": "<from upload>"' in result.stdout
    assert TOKEN not in result.output
    assert len(api.calls) == 0


def test_dry_run_json_for_a_voice_note(
    runner: CliRunner, api: responses.RequestsMock, voice_note: Path
) -> None:
    result = runner.invoke(app, ["post", "--voice", str(voice_note), "-n", "--json"])
    assert result.exit_code == 0, result.output
    masked = f"{TOKEN[:4]}…{TOKEN[-4:]}"
    assert json.loads(result.stdout) == {
        "upload": {
            "method": "POST",
            "url": f"{MEDIA_URL}/waInstance{ID_INSTANCE}/uploadFile/{masked}",
            "headers": {"Content-Type": "audio/ogg", "GA-Filename": "hello.opus"},
            "file": str(voice_note),
            "size": 504,
        },
        "method": "POST",
        "url": f"{API_URL}/waInstance{ID_INSTANCE}/sendVoiceStatus/{masked}",
        "body": {
            "urlFile": "<from upload>",
            "fileName": "hello.opus",
            "backgroundColor": "#228B22",
        },
    }
    assert len(api.calls) == 0


def test_dry_run_of_a_url_shows_one_request(runner: CliRunner, api: responses.RequestsMock) -> None:
    result = runner.invoke(app, ["post", "--media", "https://e.test/a.gif", "-n", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "upload" not in data
    assert data["body"] == {"urlFile": "https://e.test/a.gif", "fileName": "a.gif"}


def test_verbose_and_quiet(
    runner: CliRunner, api: responses.RequestsMock, photo: Path, no_sleep: list[float]
) -> None:
    api.post(UPLOAD_URL, status=502, body=f"bad gateway for {TOKEN}")
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(SEND_MEDIA_URL, json={"idMessage": "A"})
    loud = runner.invoke(app, ["post", "--media", str(photo), "-v"])
    assert loud.exit_code == 0, loud.output
    assert "uploadFile" in loud.stderr and "sendMediaStatus" in loud.stderr
    assert "Content-Type: image/jpeg, GA-Filename: offer.jpg" in loud.stderr
    assert TOKEN[:8] not in loud.stderr and TOKEN[-8:] not in loud.stderr
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(SEND_MEDIA_URL, json={"idMessage": "B"})
    quiet = runner.invoke(app, ["post", "--media", str(photo), "-q", "--allow-duplicate"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_config_media_url_set_get_show_unset(runner: CliRunner) -> None:
    assert runner.invoke(app, ["config", "set", "media_url", "https://7105.media.greenapi.com/"])
    got = runner.invoke(app, ["config", "get", "media_url"])
    assert got.stdout == "https://7105.media.greenapi.com\n"
    bad = runner.invoke(app, ["config", "set", "media_url", "https://x.test/upload"])
    assert bad.exit_code == 2 and "mediaUrl" in bad.stderr
    shown = json.loads(runner.invoke(app, ["config", "show", "--json"]).stdout)
    assert shown["media_url"] == {"value": MEDIA_URL, "source": "env GREENSTATUS_MEDIA_URL"}
    assert runner.invoke(app, ["config", "unset", "media_url"]).exit_code == 0
    assert runner.invoke(app, ["config", "get", "media_url"]).exit_code == 78


def test_config_show_names_the_derived_media_host(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GREENSTATUS_MEDIA_URL")
    shown = json.loads(runner.invoke(app, ["config", "show", "--json"]).stdout)
    assert shown["media_url"] == {
        "value": "https://7105.media.greenapi.com",
        "source": "derived from api_url",
    }


def test_progress_bar_only_on_a_terminal_over_1_mib(monkeypatch: pytest.MonkeyPatch) -> None:
    big = 2 * 1024 * 1024
    with output.upload_progress("a.mp4", big) as piped:
        assert piped is None
    monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: True)
    with output.upload_progress("a.jpg", 1024 * 1024) as small:
        assert small is None
    output.set_quiet(True)
    with output.upload_progress("a.mp4", big) as quiet:
        assert quiet is None
    output.set_quiet(False)
    with output.upload_progress("a.mp4", big) as drawn:
        assert callable(drawn)
        drawn(big)


def test_recipients_from_stdin_leave_no_caption(
    runner: CliRunner, api: responses.RequestsMock, photo: Path
) -> None:
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    api.post(
        SEND_MEDIA_URL,
        json={"idMessage": "A"},
        match=[
            matchers.json_params_matcher(
                {"urlFile": LINK, "fileName": "offer.jpg", "participants": ["79001234567@c.us"]},
                strict_match=True,
            )
        ],
    )
    result = runner.invoke(
        app, ["post", "--media", str(photo), "--to-file", "-"], input=b"79001234567\n"
    )
    assert result.exit_code == 0, result.output
    both = runner.invoke(app, ["post", "--media", str(photo), "-", "--to-file", "-"], input=b"x")
    assert both.exit_code == 2 and "not both" in both.stderr


def test_file_gone_before_upload_posts_nothing(
    runner: CliRunner, api: responses.RequestsMock, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from greenstatus.compose import inputs as post_media

    real_prepare = post_media.prepare

    def prepare_then_delete(*args: object, **kwargs: object) -> object:
        prepared = real_prepare(*args, **kwargs)  # type: ignore[arg-type]
        photo.unlink()
        return prepared

    monkeypatch.setattr(post_media, "prepare", prepare_then_delete)
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 2
    assert "nothing was posted" in result.stderr and len(api.calls) == 0


def test_file_changed_after_hashing_is_not_sent(
    runner: CliRunner, api: responses.RequestsMock, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal hashes before sending; what went up must be what it recorded."""
    from greenstatus.compose import inputs as post_media

    real_prepare = post_media.prepare

    def prepare_hash_then_edit(*args: object, **kwargs: object) -> object:
        prepared = real_prepare(*args, **kwargs)  # type: ignore[arg-type]
        prepared.compute_sha256()
        photo.write_bytes(PHOTO[:4] + PHOTO[:3:-1])
        return prepared

    monkeypatch.setattr(post_media, "prepare", prepare_hash_then_edit)
    api.post(UPLOAD_URL, json={"urlFile": LINK})
    result = runner.invoke(app, ["post", "--media", str(photo)])
    assert result.exit_code == 2
    assert "changed after it was checked" in result.stderr
    assert [c.request.url for c in api.calls] == [UPLOAD_URL]
