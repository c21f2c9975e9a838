"""Media rules, the media host rule and the prepared media status, without the command line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from greenstatus import compose, config
from greenstatus.errors import UsageError
from greenstatus.rules import media


@pytest.mark.parametrize(
    ("name", "option", "kind", "content_type"),
    [
        ("offer.jpg", "--media", "image", "image/jpeg"),
        ("OFFER.JPEG", "--media", "image", "image/jpeg"),
        ("a.png", "--media", "image", "image/png"),
        ("a.webp", "--media", "image", "image/webp"),
        ("a.gif", "--media", "image", "image/gif"),
        ("clip.mp4", "--media", "video", "video/mp4"),
        ("clip.3gp", "--media", "video", "video/3gpp"),
        ("clip.MOV", "--media", "video", "video/quicktime"),
        ("hello.mp3", "--voice", "voice", "audio/mpeg"),
        ("hello.ogg", "--voice", "voice", "audio/ogg"),
        ("hello.opus", "--voice", "voice", "audio/ogg"),
        ("hello.wav", "--voice", "voice", "audio/wav"),
    ],
)
def test_each_extension_has_a_fixed_kind_and_type(
    name: str, option: str, kind: str, content_type: str
) -> None:
    found = media.file_type(name, option)
    assert (found.kind, found.content_type) == (kind, content_type)


@pytest.mark.parametrize(
    ("name", "option", "hint"),
    [
        ("song.mp3", "--media", "use --voice"),
        ("offer.jpg", "--voice", "use --media"),
        ("notes.txt", "--media", ""),
        ("jpg", "--media", ""),
        (".jpg", "--media", ""),
        ("clip.webm", "--media", ""),
    ],
)
def test_other_extensions_are_refused_with_a_hint(name: str, option: str, hint: str) -> None:
    with pytest.raises(UsageError) as caught:
        media.file_type(name, option)
    assert option in caught.value.message and hint in caught.value.message


def test_urls_and_their_file_names() -> None:
    assert media.is_url("https://example.com/a.jpg") and media.is_url("HTTP://x/a.jpg")
    assert not media.is_url("./https.jpg") and not media.is_url("photos/a.jpg")
    assert media.looks_like_url("ftp://example.com/a.jpg")
    assert not media.looks_like_url("a.jpg")
    assert media.file_name_from_url("https://x.org/img/Caf%C3%A9%20menu.png?v=2#top") == (
        "Café menu.png"
    )
    with pytest.raises(UsageError):
        media.file_name_from_url("https://x.org/")
    with pytest.raises(UsageError):
        media.check_url("https:///a.jpg")


def test_size_limit_is_100_mib_and_empty_is_refused() -> None:
    assert media.check_size(100 * 1024 * 1024, "a.mp4") == 100 * 1024 * 1024
    with pytest.raises(UsageError, match="100 MiB"):
        media.check_size(100 * 1024 * 1024 + 1, "a.mp4")
    with pytest.raises(UsageError, match="empty"):
        media.check_size(0, "a.mp4")


def test_header_file_name_stays_a_valid_header() -> None:
    assert media.header_file_name("offer 1.jpg") == "offer 1.jpg"
    assert media.header_file_name("Café.jpg") == "Caf%C3%A9.jpg"
    assert media.header_file_name("a\r\nX-Evil: 1.jpg") == "a%0D%0AX-Evil%3A 1.jpg"


def test_caption_follows_the_text_rules_with_1024_units() -> None:
    assert compose.caption_from(b"\xef\xbb\xbfTwo for one\r\n\n", False) == "Two for one"
    assert compose.caption_from(("x" * 1024).encode(), False) == "x" * 1024
    with pytest.raises(UsageError, match="caption is 1025 characters.*at most 1024"):
        compose.caption_from(("x" * 1025).encode(), False)
    # An emoji outside the BMP counts 2, as GREEN-API's validator counts it.
    with pytest.raises(UsageError, match="caption is 1026"):
        compose.caption_from(("😀" * 513).encode(), False)
    cut = compose.caption_from(("😀" * 600).encode(), True)
    assert cut.endswith("…") and len(cut.encode("utf-16-le")) // 2 <= 1024
    with pytest.raises(UsageError, match="caption is empty"):
        compose.caption_from(b" \n", False)
    with pytest.raises(UsageError, match="offset 1"):
        compose.caption_from(b"a\xff", False)


@pytest.mark.parametrize(
    ("api_url", "media_url"),
    [
        ("https://7105.api.greenapi.com", "https://7105.media.greenapi.com"),
        ("https://1101.api.greenapi.com", "https://1101.media.greenapi.com"),
        ("https://api.green-api.com", "https://media.green-api.com"),
        # Issue 16: no media host is guessed for a host that is not GREEN-API's own.
        ("http://127.0.0.1:8080", None),
        ("https://7105.api.greenapi.com.evil.example", None),
    ],
)
def test_media_host_is_derived_from_api_url(api_url: str, media_url: str | None) -> None:
    assert config.derive_media_url(api_url) == media_url


def test_media_url_is_validated_like_api_url() -> None:
    assert config.normalise_value("media_url", "https://7105.media.greenapi.com/") == (
        "https://7105.media.greenapi.com"
    )
    with pytest.raises(UsageError, match="mediaUrl"):
        config.normalise_value("media_url", "https://x.com/upload")
    with pytest.raises(UsageError, match="mediaUrl"):
        config.normalise_value("media_url", "ftp://x.com")
    assert config.KEYS[-1] == "media_url"


def _settings(**values: object) -> config.Settings:
    return config.Settings(path=Path("none.toml"), profile="default", values=dict(values))


def test_prepared_media_exposes_what_the_journal_records(tmp_path: Path) -> None:
    photo = tmp_path / "offer.jpg"
    photo.write_bytes(b"\xff\xd8jpeg bytes")
    options = compose.Options(to=["79001234567", "442000001234"])
    prepared = compose.prepare_media(
        "--media", str(photo), b"Two for one", options, _settings(), photo.stat().st_size
    )
    assert (prepared.kind, prepared.method, prepared.file_name) == (
        "image",
        "sendMediaStatus",
        "offer.jpg",
    )
    assert prepared.url is None and prepared.url_file is None
    assert prepared.body() == {
        "urlFile": "<from upload>",
        "fileName": "offer.jpg",
        "caption": "Two for one",
        "participants": ["79001234567@c.us", "442000001234@c.us"],
    }
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    fingerprint = prepared.fingerprint()
    assert prepared.file_sha256 == digest
    assert json.loads(fingerprint) == {
        "kind": "image",
        "sha256": digest,
        "caption": "Two for one",
        "backgroundColor": None,
        "participants": ["442000001234@c.us", "79001234567@c.us"],
    }
    # The audience is a set: the order of --to does not make another status.
    reordered = compose.prepare_media(
        "--media",
        str(photo),
        b"Two for one",
        compose.Options(to=["442000001234", "79001234567"]),
        _settings(),
        photo.stat().st_size,
    )
    assert reordered.fingerprint() == fingerprint
    assert fingerprint == json.dumps(json.loads(fingerprint), sort_keys=True, separators=(",", ":"))


def test_url_voice_status_takes_the_colour_rules() -> None:
    prepared = compose.prepare_media(
        "--voice",
        "https://example.com/a/hello.ogg",
        None,
        compose.Options(),
        _settings(background_color="#000080"),
    )
    assert prepared.body() == {
        "urlFile": "https://example.com/a/hello.ogg",
        "fileName": "hello.ogg",
        "backgroundColor": "#000080",
    }
    assert prepared.file_sha256 is None and prepared.url_file == prepared.url
    assert json.loads(prepared.fingerprint())["url"] == "https://example.com/a/hello.ogg"
    with pytest.raises(UsageError, match="contrast"):
        compose.prepare_media(
            "--voice", "https://e.com/a.mp3", None, compose.Options(color="white"), _settings()
        )
