"""Media and voice status rules: which files each option takes, their types, names and limits.

Pure: nothing here touches the disk or the network. The MIME types are a fixed table, not the
platform's mimetypes database, so a post sends the same Content-Type on every machine.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import quote, unquote, urlsplit

from ..errors import UsageError
from ..i18n import _, ngettext

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_CAPTION_UNITS = 1024
PROGRESS_ABOVE = 1024 * 1024

# extension -> (kind, MIME type)
MEDIA_TYPES: dict[str, tuple[str, str]] = {
    "jpg": ("image", "image/jpeg"),
    "jpeg": ("image", "image/jpeg"),
    "png": ("image", "image/png"),
    "webp": ("image", "image/webp"),
    "gif": ("image", "image/gif"),
    "mp4": ("video", "video/mp4"),
    "3gp": ("video", "video/3gpp"),
    "mov": ("video", "video/quicktime"),
}
# .opus files are Ogg containers (RFC 7845), and WhatsApp's own voice notes are audio/ogg.
VOICE_TYPES: dict[str, tuple[str, str]] = {
    "mp3": ("voice", "audio/mpeg"),
    "ogg": ("voice", "audio/ogg"),
    "opus": ("voice", "audio/ogg"),
    "wav": ("voice", "audio/wav"),
}
METHODS = {"image": "sendMediaStatus", "video": "sendMediaStatus", "voice": "sendVoiceStatus"}


class FileType(NamedTuple):
    kind: str
    content_type: str
    extension: str


def types_for(option: str) -> dict[str, tuple[str, str]]:
    """The extension table of --media or --voice."""
    return VOICE_TYPES if option == "--voice" else MEDIA_TYPES


def is_url(value: str) -> bool:
    """Whether value names a file by http(s) URL rather than a local path."""
    return value[:8].lower().startswith(("http://", "https://"))


def looks_like_url(value: str) -> bool:
    """Whether value names a file by some URL scheme (ftp://, file://) rather than a path."""
    scheme, sep, _ = value.partition("://")
    return bool(sep) and scheme.isalpha()


def check_url(value: str) -> str:
    """Return the URL as given, or refuse one that GREEN-API could not fetch: it is sent as
    is, so a host or port that cannot be parsed, or a control character, stops here."""
    url = repr(value)
    shape = _("URL {url} must be http(s)://HOST/PATH, naming a file", url=url)
    if any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in value):
        raise UsageError(_("URL {url} holds a control character", url=url))
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as exc:
        # urlsplit's own words: "Port out of range 0-65535", "Invalid IPv6 URL".
        raise UsageError(
            _(
                "URL {url} must be http(s)://HOST/PATH, naming a file ({reason})",
                url=url,
                reason=str(exc).lower(),
            )
        ) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UsageError(shape)
    if port == 0:
        raise UsageError(
            _("URL {url} must be http(s)://HOST/PATH, naming a file (port 0)", url=url)
        )
    if not _valid_host(parts.hostname):
        raise UsageError(
            _(
                "URL {url} has a host that cannot be used: {host}",
                url=url,
                host=repr(parts.hostname),
            )
        )
    return value


# A DNS label: letters, digits, hyphens (not at either end); underscores appear in real CDN
# names, and non-ASCII letters are internationalised names.
_LABEL = re.compile(r"(?!-)[\w-]{1,63}(?<!-)")


def _valid_host(host: str) -> bool:
    if ":" in host:
        import ipaddress

        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return False
        return True
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    return len(host) <= 253 and all(_LABEL.fullmatch(label) for label in labels)


def file_name_from_url(url: str) -> str:
    """The last segment of the URL's path, percent-decoded, as the status's fileName."""
    # Escapes that are not UTF-8 stay undecodable, so safe_file_name makes them "_".
    name = unquote(posixpath.basename(urlsplit(url).path), errors="surrogateescape")
    if not name:
        raise UsageError(
            _(
                "URL {url} has no file name in its path; link the file itself "
                "(a direct link such as https://example.com/offer.jpg)",
                url=repr(url),
            )
        )
    return name


def file_type(name: str, option: str) -> FileType:
    """The kind and MIME type of a file name for --media or --voice, or UsageError."""
    table = types_for(option)
    stem, dot, extension = name.rpartition(".")
    extension = extension.lower()
    if not dot or not stem or extension not in table:
        fields = {"option": option, "allowed": ", ".join(table), "name": repr(name)}
        if option == "--media" and extension in VOICE_TYPES:
            raise UsageError(
                _(
                    "{option} takes {allowed} files, not {name}; for audio use --voice "
                    "(.{extension} is a voice format)",
                    extension=extension,
                    **fields,
                )
            )
        if option == "--voice" and extension in MEDIA_TYPES:
            raise UsageError(
                _(
                    "{option} takes {allowed} files, not {name}; for pictures and videos use "
                    "--media (.{extension} is a media format)",
                    extension=extension,
                    **fields,
                )
            )
        raise UsageError(_("{option} takes {allowed} files, not {name}", **fields))
    kind, content_type = table[extension]
    return FileType(kind, content_type, extension)


def check_size(size: int, name: str) -> int:
    """Refuse an empty file or one over GREEN-API's 100 MiB upload limit."""
    if size > MAX_FILE_BYTES:
        raise UsageError(
            _(
                "{name} is {size} MiB; GREEN-API takes files up to 100 MiB",
                name=name,
                size=f"{size / 1024 / 1024:.1f}",
            )
        )
    if size == 0:
        raise UsageError(_("{name} is empty", name=name))
    return size


def safe_file_name(name: str) -> str:
    """The file name as sent in fileName and GA-Filename.

    GREEN-API refuses a send whose fileName holds a quote, a backslash or a control character,
    after the upload took it; bytes that are not UTF-8 (kept as lone surrogates by Python) cannot
    be sent at all. Each becomes `_`, so the extension, already checked, is kept.
    """
    return "".join("_" if _unsafe_in_name(char) else char for char in name)


def _unsafe_in_name(char: str) -> bool:
    code = ord(char)
    return char in '"\\' or code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000


# What the first bytes of each accepted type look like: (what it is, test, extensions).
# QuickTime files older than the ISO format may open with a box other than ftyp.
_SIGNATURES: list[tuple[str, Callable[[bytes], bool], tuple[str, ...]]] = [
    (_("a JPEG image"), lambda h: h[:3] == b"\xff\xd8\xff", ("jpg", "jpeg")),
    (_("a PNG image"), lambda h: h[:8] == b"\x89PNG\r\n\x1a\n", ("png",)),
    (_("a GIF image"), lambda h: h[:6] in (b"GIF87a", b"GIF89a"), ("gif",)),
    (_("a WebP image"), lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP", ("webp",)),
    (_("an MP4/3GP/MOV video"), lambda h: h[4:8] == b"ftyp", ("mp4", "3gp", "mov")),
    (_("a QuickTime video"), lambda h: h[4:8] in (b"moov", b"mdat", b"wide", b"free"), ("mov",)),
    (_("an Ogg audio file"), lambda h: h[:4] == b"OggS", ("ogg", "opus")),
    (_("a WAV audio file"), lambda h: h[:4] == b"RIFF" and h[8:12] == b"WAVE", ("wav",)),
    # An MP3 opens with an ID3 tag or straight with an MPEG audio frame's 11-bit sync.
    (_("an MP3"), lambda h: h[:3] == b"ID3" or (h[:1] == b"\xff" and h[1:2] >= b"\xe0"), ("mp3",)),
]
HEAD_BYTES = 12


def check_content(head: bytes, extension: str, name: str) -> None:
    """Refuse a file whose first bytes are not those of its extension's type: GREEN-API takes
    the upload and the send, and the status never shows."""
    seen = [(what, exts) for what, test, exts in _SIGNATURES if test(head)]
    if any(extension in exts for _what, exts in seen):
        return
    if seen:
        what, exts = seen[0]
        raise UsageError(
            _(
                "{name} is {what}, not .{extension}; rename it to .{wanted}",
                name=name,
                what=what,
                extension=extension,
                wanted=exts[0],
            )
        )
    raise UsageError(
        _(
            "{name} does not hold a .{extension} file: its first bytes match no type that "
            "greenstatus sends",
            name=name,
            extension=extension,
        )
    )


MAX_VOICE_SECONDS = 600
CUT_AFTER_SECONDS = 60


def check_duration(seconds: float, kind: str, name: str) -> str | None:
    """Refuse a voice note GREEN-API never delivers; warn where it cuts (a warning, or None)."""
    if kind == "voice" and seconds > MAX_VOICE_SECONDS:
        raise UsageError(
            _(
                "{name} is {seconds} s long; GREEN-API does not deliver voice statuses over "
                "{most} s (10 minutes)",
                name=name,
                seconds=f"{seconds:.0f}",
                most=MAX_VOICE_SECONDS,
            )
        )
    if seconds <= CUT_AFTER_SECONDS or kind == "image":
        return None
    if kind == "voice":
        return _(
            "{name} is {seconds} s long; some servers cut voice statuses to one minute",
            name=name,
            seconds=f"{seconds:.0f}",
        )
    return _(
        "{name} is {seconds} s long; GREEN-API cuts video statuses to one minute",
        name=name,
        seconds=f"{seconds:.0f}",
    )


def header_file_name(name: str) -> str:
    """The GA-Filename header value: the name as is when it is printable ASCII, else
    percent-encoded (HTTP headers carry Latin-1 only, and a line break would end the header).
    The extension, which is what the media host reads, survives either way."""
    if name.isascii() and name.isprintable():
        return name
    return quote(name, safe=" !#$&'()+,;=@[]^`{}~")


def human_size(size: int) -> str:
    """A byte count as people read it: 812 bytes, 12.1 KiB, 48.0 MiB."""
    if size < 1024:
        # "1 bytes" as before: English output stays byte for byte; Russian gets its forms.
        return ngettext("{n} bytes", "{n} bytes", size)
    if size < 1024 * 1024:
        return _("{size} KiB", size=f"{size / 1024:.1f}")
    return _("{size} MiB", size=f"{size / 1024 / 1024:.1f}")
