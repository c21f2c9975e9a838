"""Configuration: the file's path, reading it, precedence of sources, and every write to it."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .errors import ConfigError, UsageError

if TYPE_CHECKING:
    import tomlkit.toml_document

DEFAULT_API_URL = "https://api.green-api.com"
DEFAULT_PROFILE = "default"
DEFAULT_TIMEOUT = 30.0
CONFIG_ENV = "GREENSTATUS_CONFIG"
PROFILE_ENV = "GREENSTATUS_PROFILE"
CREDENTIAL_ENV = {
    "id_instance": "GREENSTATUS_ID_INSTANCE",
    "api_token_instance": "GREENSTATUS_API_TOKEN_INSTANCE",
    "api_url": "GREENSTATUS_API_URL",
    "media_url": "GREENSTATUS_MEDIA_URL",
}
KEYS = (
    "id_instance",
    "api_token_instance",
    "api_url",
    "background_color",
    "font",
    "participants",
    "timeout",
    "duplicate_window",
    "outbox",
    "outbox_expiry",
    "journal_days",
    "journal",
    "media_url",
)
DEFAULT_MEDIA_URL = "https://media.green-api.com"
_INSTANCE_HOST = re.compile(r"https://(\d+)\.api\.greenapi\.com", re.IGNORECASE)
# The journal's keys: (lowest, highest, unit) for the numbers; the rest are booleans.
_JOURNAL_NUMBERS = {
    "duplicate_window": (0, 1440, "minutes (0 turns the duplicate guard off)"),
    "outbox_expiry": (1, 720, "hours"),
    "journal_days": (1, 3650, "days"),
}
_JOURNAL_FLAGS = ("outbox", "journal")
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")
JOURNAL_DEFAULTS: dict[str, Any] = {
    "duplicate_window": 10,
    "outbox": False,
    "outbox_expiry": 24,
    "journal_days": 90,
    "journal": True,
}
_PROFILE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Every token this process has seen, valid or not, from the file or the environment.
# output.scrub masks them all, so an error raised before a command registers its token (a
# token typed as a profile name, say) cannot print it either.
SEEN_SECRETS: set[str] = set()


def _remember_secrets(data: dict[str, Any] | None) -> None:
    env_token = os.environ.get(CREDENTIAL_ENV["api_token_instance"])
    candidates: list[Any] = [env_token.strip() if env_token else None, env_token]
    for table in ((data or {}).get("profiles") or {}).values():
        if isinstance(table, dict):
            candidates.append(table.get("api_token_instance"))
    SEEN_SECRETS.update(c for c in candidates if isinstance(c, str) and len(c) >= 4)


def remember_secrets(config_option: str | None = None) -> None:
    """Learn the tokens of the environment and of the config file on an error path, before any
    command read them: a token typed by mistake as a value is echoed in the error."""
    data = None
    try:
        path = config_path(config_option)
        if path.is_file():
            data = read_file(path)
    except Exception:
        # Only masking: a file that cannot be read holds no token anyone could see.
        pass
    _remember_secrets(data)


def config_path(explicit: str | None = None) -> Path:
    """The config file: --config, else $GREENSTATUS_CONFIG, else the platform's config folder."""
    chosen = explicit or os.environ.get(CONFIG_ENV)
    try:
        if chosen:
            return Path(chosen).expanduser()
        import platformdirs

        return platformdirs.user_config_path("greenstatus") / "config.toml"
    except (RuntimeError, KeyError, OSError, ValueError) as exc:
        # No HOME and no passwd entry (some containers): a setup problem, not a bug.
        raise ConfigError(
            f"cannot find the config folder ({exc}); set HOME, XDG_CONFIG_HOME or "
            f"{CONFIG_ENV}, or pass --config PATH"
        ) from None


def require_named_file(path: Path, explicit: str | None) -> None:
    """A file named by --config or $GREENSTATUS_CONFIG must exist (only the default may not).

    Treating a mistyped name as an empty file would quietly run with other credentials.
    """
    if path.exists():
        return
    if explicit:
        named = "--config"
    elif os.environ.get(CONFIG_ENV):
        named = CONFIG_ENV
    else:
        return
    raise ConfigError(
        f"config file {path} (named by {named}) does not exist; "
        "create it with 'greenstatus config init' or 'greenstatus config set'"
    )


def mask(secret: str) -> str:
    """Show at most the first 4 and last 4 characters of a secret, and none of a short one."""
    if len(secret) >= 12:
        return f"{secret[:4]}…{secret[-4:]}"
    return "****"


# --- value rules, shared by `post`, `config set` and `config init` -----------------------------


def check_profile_name(name: str) -> str:
    if not _PROFILE_NAME.fullmatch(name):
        raise UsageError(f"profile name {name!r}: use letters, digits, '-' and '_' only")
    return name


_TOML_TYPES = {
    bool: "a boolean",
    int: "a number",
    float: "a number",
    list: "an array",
    dict: "a table",
}


def _kind(value: Any) -> str:
    return _TOML_TYPES.get(type(value), type(value).__name__)


def _check_type(key: str, value: Any) -> None:
    """A TOML file can give any type; only the one each key means is accepted, never coerced."""
    if key == "participants":
        ok = isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
        wanted = "an array of strings"
    elif key == "timeout":
        ok = isinstance(value, int | float | str) and not isinstance(value, bool)
        wanted = "a number of seconds"
    elif key == "id_instance":
        ok = isinstance(value, str | int) and not isinstance(value, bool)
        wanted = "a string of digits"
    elif key in _JOURNAL_FLAGS:
        ok = isinstance(value, bool | str)
        wanted = "true or false"
    elif key in _JOURNAL_NUMBERS:
        ok = isinstance(value, int | str) and not isinstance(value, bool)
        wanted = "a whole number"
    else:
        ok = isinstance(value, str)
        wanted = "a string"
    if not ok:
        raise UsageError(f"{key} must be {wanted}, not {_kind(value)}")


def _token_problem(value: str) -> str | None:
    """Why value cannot be a GREEN-API token, without showing any of it (it may be the token)."""
    if not value:
        return "it is empty"
    if value.isascii() and value.isalnum():
        return None
    kinds = []
    if any(ch.isspace() for ch in value):
        kinds.append("white space")
    if any(not ch.isprintable() and not ch.isspace() for ch in value):
        kinds.append("control characters")
    if not value.isascii():
        kinds.append("non-ASCII characters")
    punctuation = sorted(
        {ch for ch in value if ch.isascii() and ch.isprintable()}
        - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ")
    )
    if punctuation:
        kinds.append("'" + "".join(punctuation[:8]) + "'")
    return f"it has {len(value)} characters including {', '.join(kinds)}"


def normalise_value(key: str, value: Any) -> Any:
    """Validate one setting and return it as it is stored; raise UsageError naming the rule.

    A value that fails is never repeated in the message when it could be the token (a token
    pasted into the wrong variable or key): the message names the rule and the value's shape.
    """
    from .rules import colors, fonts, recipients

    if key not in KEYS:
        raise UsageError(f"unknown key {key!r}; known keys: {', '.join(KEYS)}")
    _check_type(key, value)
    if key == "participants":
        items = value if isinstance(value, list) else recipients.split_values([str(value)])
        numbers = recipients.normalise_all(str(v) for v in items)
        if not numbers:
            # An empty list must not quietly mean "all contacts"; unsetting the key does.
            raise UsageError(
                "participants names nobody; an empty audience is never widened to all "
                "contacts (to post to all contacts: greenstatus config unset participants)"
            )
        return numbers
    if key == "timeout":
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = -1.0
        if not 0 < seconds <= 3600:  # also false for nan
            raise UsageError("timeout: give seconds, more than 0 and at most 3600")
        return int(seconds) if seconds.is_integer() else seconds
    if key in _JOURNAL_NUMBERS or key in _JOURNAL_FLAGS:
        return _journal_value(key, value)
    text = str(value).strip()
    if key == "id_instance":
        if not re.fullmatch(r"[0-9]{1,10}", text):
            raise UsageError(f"idInstance must be 1 to 10 digits (got {_shape(text)})")
        return text
    if key == "api_token_instance":
        # GREEN-API tokens are letters and digits; anything else would change the URL
        # (%, #, ?, /) or reach requests' messages in a spelling the scrubber must guess.
        if problem := _token_problem(text):
            raise UsageError(f"apiTokenInstance must be ASCII letters and digits only: {problem}")
        return text
    if key == "api_url":
        return _normalise_url(text)
    if key == "media_url":
        return _normalise_url(text, "mediaUrl")
    if key == "background_color":
        return colors.parse_color(text)
    return fonts.parse_font(text)


def _shape(text: str) -> str:
    """A value described without being shown: it may be a token in the wrong place."""
    if not text:
        return "an empty value"
    kind = "digits" if text.isdigit() else "letters and digits" if text.isalnum() else "text"
    return f"{len(text)} characters of {kind}"


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")


def _journal_value(key: str, value: Any) -> int | bool:
    if key in _JOURNAL_FLAGS:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise UsageError(f"{key} {value!r}: give true or false")
    low, high, unit = _JOURNAL_NUMBERS[key]
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not low <= int(text) <= high:
        raise UsageError(f"{key} {value!r}: give whole {unit}, from {low} to {high}")
    return int(text)


def _normalise_url(text: str, label: str = "apiUrl") -> str:
    """scheme://host[:port], checked here so that a bad apiUrl or mediaUrl is a config error (78).

    Messages never repeat the value: a token pasted in the wrong place must not be echoed.
    """
    example = f"such as https://1101.{'media' if label == 'mediaUrl' else 'api'}.greenapi.com"
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        raise UsageError(f"{label} is not a valid URL ({_shape(text)}); {example}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise UsageError(
            f"{label} must start with https:// (or http://) and name a host ({_shape(text)}); "
            f"{example}"
        )
    if parts.path.strip("/") or parts.query or parts.fragment or "@" in parts.netloc:
        raise UsageError(f"{label} must be scheme and host only, with no path; {example}")
    if port == 0:
        raise UsageError(f"{label}'s port must be 1 to 65535")
    bracketed = parts.netloc.startswith("[")
    if not bracketed and not _HOST.fullmatch(host):
        raise UsageError(f"{label}'s host must be letters, digits, '-' and '.' only; {example}")
    if bracketed:
        import ipaddress

        try:
            ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            raise UsageError(f"{label}'s [host] is not an IPv6 address") from None
    return f"{parts.scheme}://{parts.netloc}"


def read_stdin_line(stream: Any) -> str:
    """One line from stdin (a token, a value), decoded strictly as UTF-8 whatever the locale.

    A bad byte is a usage error that names its offset and never shows the line: it is
    probably the token.
    """
    from .rules.text import FIFO_WAIT_SECONDS, stdin_sends

    raw_stream = getattr(stream, "buffer", None)
    if raw_stream is None:
        return str(stream.readline())
    if not stdin_sends(raw_stream):
        raise UsageError(f"stdin is a pipe that sent nothing in {FIFO_WAIT_SECONDS:g} s")
    raw: bytes = raw_stream.readline(64 * 1024)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"stdin is not valid UTF-8 (a bad byte at offset {exc.start})") from None


def derive_media_url(api_url: str) -> str | None:
    """The upload host that goes with an apiUrl of GREEN-API's own, else None.

    A gateway, a proxy or a local server has no media host we could know: guessing one
    would send the file and the token to a host nobody configured.
    """
    if m := _INSTANCE_HOST.fullmatch(api_url):
        return f"https://{m.group(1)}.media.greenapi.com"
    if api_url.lower() == DEFAULT_API_URL:
        return DEFAULT_MEDIA_URL
    return None


def no_media_host(api_url_source: str) -> str:
    """Why a local file cannot be uploaded: the words of exit 78 and of the dry run's note."""
    return (
        f"no media host: api_url ({api_url_source}) is not a GREEN-API host, so the upload "
        "host is not known; set media_url (greenstatus config set media_url URL, or "
        "GREENSTATUS_MEDIA_URL), or give --media/--voice an http(s) URL"
    )


# --- reading -------------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, never blocking on a FIFO that has no writer, nor reading a device."""
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "it is a folder")
        # /dev/null is a fine empty config; a terminal would wait for typing.
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)) or os.isatty(fd):
            raise OSError(0, "it is not a regular file")
        if stat.S_ISFIFO(mode):
            from .rules.text import wait_for_writer

            try:
                wait_for_writer(fd, f"config file {path}")
            except UsageError as exc:
                raise ConfigError(exc.message) from None
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
            if sum(map(len, chunks)) > 1 << 20:
                raise OSError(0, "it is larger than 1 MiB")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _decode_config(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"config file {path} is not valid UTF-8: byte 0x{raw[exc.start]:02X} on line {line}"
        ) from None


def too_deep(path: Path) -> ConfigError:
    """Both TOML parsers recurse once per level of nesting, so a file of arrays or tables
    nested thousands deep exhausts Python's stack before it is found invalid."""
    return ConfigError(
        f"config file {path} cannot be read: its arrays or tables are nested too deep"
    )


def read_file(path: Path) -> dict[str, Any] | None:
    """Parse the file with tomllib; None when it does not exist."""
    try:
        data = tomllib.loads(_decode_config(_read_bytes(path), path))
    except FileNotFoundError:
        return None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise too_deep(path) from None
    except (OSError, ValueError) as exc:
        what = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ConfigError(f"cannot read config file {path}: {what}") from None
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(p, dict) for p in profiles.values()):
        raise ConfigError(f"config file {path}: [profiles.NAME] must be tables")
    return data


def permission_warning(path: Path) -> str | None:
    """A warning when group or others may read the file that holds the token."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) and mode & 0o077:
        return (
            f"config file {path} is readable by others (mode {mode & 0o777:o}); "
            f"fix: chmod 600 {path}"
        )
    return None


def profile_names(data: dict[str, Any] | None) -> list[str]:
    return list((data or {}).get("profiles", {}))


@dataclass
class Settings:
    """What a run uses, and where each value came from."""

    path: Path
    profile: str
    profile_source: str = "built-in default"
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def timeout(self, given: float | None = None) -> float:
        """--timeout when given, else the setting: every request's one fallback."""
        return given if given is not None else float(self.get("timeout"))

    def credentials(self) -> tuple[str, str, str]:
        """(api_url, id_instance, token), or ConfigError saying how to provide them."""
        missing = [k for k in ("id_instance", "api_token_instance") if not self.values.get(k)]
        if missing:
            raise ConfigError(
                f"no {' or '.join(missing)} for profile {self.profile!r} "
                f"(config file {self.path}); run 'greenstatus config init', "
                "or set GREENSTATUS_ID_INSTANCE and GREENSTATUS_API_TOKEN_INSTANCE"
            )
        return self.values["api_url"], self.values["id_instance"], self.values["api_token_instance"]

    def media_host(self) -> str:
        """The host a local file is uploaded to, or ConfigError naming media_url."""
        host = self.values.get("media_url")
        if not host:
            raise ConfigError(no_media_host(self.sources.get("api_url", "default")))
        return str(host)


def unknown_profile(name: str, path: Path, names: list[str]) -> ConfigError:
    there = ", ".join(names) if names else "none"
    return ConfigError(f"no profile {name!r} in {path}; profiles there: {there}")


def load(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The parsed file (None when missing) and warnings about how it is kept."""
    _remember_secrets(None)
    data = read_file(path)
    _remember_secrets(data)
    warning = permission_warning(path) if data is not None else None
    return data, [warning] if warning else []


def select_profile(
    data: dict[str, Any] | None, path: Path, option: str | None
) -> tuple[str, str, dict[str, Any]]:
    """The profile to use, what named it ("" for the unnamed default), and its stored values.

    A profile that something named must exist; the unnamed default may be absent, because
    the environment alone can carry the credentials.
    """
    default = (data or {}).get("default_profile")
    if option:
        name, named_by = option, "option --profile"
    elif env := os.environ.get(PROFILE_ENV):
        name, named_by = env, f"env {PROFILE_ENV}"
    elif isinstance(default, str):
        name, named_by = default, "file default_profile"
    else:
        name, named_by = DEFAULT_PROFILE, ""
    profiles = (data or {}).get("profiles", {})
    if named_by and name not in profiles:
        raise unknown_profile(name, path, profile_names(data))
    return name, named_by, profiles.get(name, {})


def resolve(config_option: str | None = None, profile_option: str | None = None) -> Settings:
    """Merge command line, environment, the profile in the file, and built-in defaults."""
    _remember_secrets(None)
    try:
        path = config_path(config_option)
    except ConfigError as exc:
        if config_option or os.environ.get(CONFIG_ENV) or profile_option:
            raise
        # No config folder (no HOME, no passwd entry): the environment may carry everything.
        # Only the folder's look-up falls back; a file that exists and is broken stays exit 78.
        path = Path("$HOME/.config/greenstatus/config.toml")
        data, warnings = None, [exc.message]
    else:
        require_named_file(path, config_option)
        data, warnings = load(path)
    name, named_by, stored = select_profile(data, path, profile_option)
    settings = Settings(
        path=path,
        profile=name,
        profile_source=named_by or "built-in default",
        warnings=warnings,
    )

    for key in KEYS:
        if key in stored:
            try:
                settings.values[key] = normalise_value(key, stored[key])
            except UsageError as exc:
                raise ConfigError(
                    f"config file {path}, key {key} in [profiles.{name}]: {exc}"
                ) from None
            settings.sources[key] = f"file [profiles.{name}]"
    for key in stored.keys() - set(KEYS):
        settings.warnings.append(f"config file {path}: unknown key {key!r} in [profiles.{name}]")

    # An explicit --profile is a command-line choice and beats the credential variables.
    for key, var in CREDENTIAL_ENV.items():
        env_value = os.environ.get(var)
        if not env_value or (profile_option and key in settings.values):
            continue
        try:
            settings.values[key] = normalise_value(key, env_value)
        except UsageError as exc:
            raise ConfigError(f"{var}: {exc}") from None
        settings.sources[key] = f"env {var}"

    for key, value in (("api_url", DEFAULT_API_URL), ("timeout", DEFAULT_TIMEOUT)):
        if key not in settings.values:
            settings.values[key] = value
            settings.sources[key] = "default"
    for key, value in JOURNAL_DEFAULTS.items():
        if key not in settings.values:
            settings.values[key] = value
            settings.sources[key] = "default"
    if "media_url" not in settings.values and (
        derived := derive_media_url(settings.values["api_url"])
    ):
        settings.values["media_url"] = derived
        settings.sources["media_url"] = "derived from api_url"
    return settings


def quick_profile_names(config_option: str | None = None) -> list[str]:
    """Profile names for shell completion: no errors, no warnings, nothing but the file."""
    try:
        return profile_names(read_file(config_path(config_option)))
    except Exception:
        return []


# --- writing -------------------------------------------------------------------------------------


def private(path: Path, *, folder: bool = False) -> None:
    """Keep path to its owner: whatever exists there loses its group and other bits (a
    folder becomes 0700, a file 0600), with a one-line note on stderr; with folder=True a
    missing folder is made 0700 with its parents (OSError when it cannot be).

    Every place that keeps the token, the journal or a media copy calls this, so what an
    older release or a hand left readable by others is tightened, not only new files."""
    import stat

    try:
        info = os.stat(path)
    except FileNotFoundError:
        if folder:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(path, 0o700)
        return
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o077:
        return
    if mode & stat.S_ISVTX or info.st_uid != os.geteuid():
        # A shared folder such as /tmp named as the state folder: closing it would break
        # everyone else's use of it, even where this user may.
        _note(f"{path} is open to others (mode {mode:o}) and shared; it is left as it is")
        return
    try:
        os.chmod(path, mode & 0o700)
    except OSError as exc:
        _note(f"{path} is open to others (mode {mode:o}) and cannot be tightened: {exc.strerror}")
        return
    _note(f"{path} was open to others (mode {mode:o}); it is now {mode & 0o700:o}")


def _note(line: str) -> None:
    # config sits below output, which cannot be imported here; a full stderr is no failure.
    import sys

    try:
        sys.stderr.write(f"greenstatus: note: {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Serialise read-modify-write cycles so two concurrent writers cannot lose a change.

    The lock is held on the folder itself: the file is replaced by rename on every write, so a
    lock on it would guard an inode that is about to disappear, and a lock file would be litter.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


STALE_TEMP_SECONDS = 10.0


def _remove_stale_temps(path: Path) -> None:
    """Remove temporary copies left by writers that were killed: they may hold the token.

    Runs under the folder lock, so no live writer of ours is mid-write on a file older than
    a few seconds; a writer whose process is gone leaves a file nobody will finish.
    """
    import time

    now = time.time()
    try:
        candidates = list(path.parent.glob(f".{path.name}.*.tmp"))
    except OSError:
        return
    for tmp in candidates:
        try:
            pid_text = tmp.name.removeprefix(f".{path.name}.").split(".")[0]
            old = now - tmp.lstat().st_mtime > STALE_TEMP_SECONDS
            if old or not _pid_alive(int(pid_text)):
                tmp.unlink()
        except (OSError, ValueError):
            continue


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a leftover of an earlier process that had our pid: we write afresh
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def write_target(path: Path) -> Path:
    """The file a write must replace: through a symlinked config to its target, keeping the link."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:
        return path


def atomic_write(path: Path, text: str) -> None:
    """Write text to path so a reader sees the old file or the new one, never a part.

    The temporary file is created 0600 in the same folder, so the token is never readable
    by others even for an instant, and the rename stays on one file system. Its name is
    random as well as carrying the pid, so a leftover of a killed writer whose pid came round
    again cannot block this one.
    """
    import secrets

    path = write_target(path)
    _remove_stale_temps(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def update(path: Path, change: Callable[[tomlkit.toml_document.TOMLDocument], None]) -> None:
    """Apply change to the file's document under the lock, keeping comments, then write it."""
    import tomlkit

    target = write_target(path)
    try:
        private(target.parent, folder=True)
        with _locked(target.parent):
            try:
                text = _decode_config(_read_bytes(target), path)
            except FileNotFoundError:
                text = ""
            except OSError as exc:
                raise ConfigError(
                    f"cannot read config file {path}: {exc.strerror or exc}"
                ) from None
            try:
                doc = tomlkit.parse(text)
            except tomlkit.exceptions.ParseError as exc:
                raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
            except RecursionError:
                raise too_deep(path) from None
            change(doc)
            atomic_write(target, tomlkit.dumps(doc))
    except OSError as exc:
        # An unwritable or full folder, a read-only file system: the config cannot be kept.
        raise ConfigError(
            f"cannot write config file {path}: {exc.strerror or exc or type(exc).__name__}"
        ) from None


def _profiles_table(doc: Any, create: bool) -> Any:
    import tomlkit

    if "profiles" not in doc:
        if not create:
            return None
        doc["profiles"] = tomlkit.table(is_super_table=True)
    return doc["profiles"]


def save_profile(
    path: Path, name: str, values: dict[str, Any], *, force: bool, make_default: bool
) -> bool:
    """Write a whole profile (config init); return whether it became the default profile."""
    import tomlkit

    became_default = False

    def change(doc: Any) -> None:
        nonlocal became_default
        profiles = _profiles_table(doc, create=True)
        if name in profiles and not force:
            raise UsageError(
                f"profile {name!r} already exists in {path}; pass --force to replace it"
            )
        if name in profiles:
            # --force replaces the credentials given; the profile's other keys (colour, font,
            # participants …) and its comments stay as the user wrote them.
            table = profiles[name]
            for key in KEYS:
                if key in values:
                    table[key] = values[key]
        else:
            table = tomlkit.table()
            for key in KEYS:
                if key in values:
                    table[key] = values[key]
            profiles[name] = table
        if make_default or "default_profile" not in doc:
            doc["default_profile"] = name
            became_default = True

    update(path, change)
    return became_default


def _profile_for_edit(doc: Any, path: Path, name: str, create: bool) -> Any:
    import tomlkit

    profiles = _profiles_table(doc, create=create)
    if profiles is None or name not in profiles:
        if not create or profiles is None:
            raise unknown_profile(name, path, list(profiles or {}))
        profiles[name] = tomlkit.table()
        if "default_profile" not in doc:
            doc["default_profile"] = name
    return profiles[name]


def set_value(path: Path, profile: str, key: str, value: Any, *, force: bool = False) -> Any:
    """Validate, normalise and store one key; return the stored value.

    A background post would refuse is refused here too (unless force), so a stored value
    cannot break every later post.
    """
    stored = normalise_value(key, value)
    if key == "background_color":
        from .rules import colors

        colors.check_contrast(stored, force)
    update(path, lambda doc: _profile_for_edit(doc, path, profile, True).__setitem__(key, stored))
    return stored


def unset_value(path: Path, profile: str, key: str) -> bool:
    """Remove one key; return whether it was there."""
    if key not in KEYS:
        raise UsageError(f"unknown key {key!r}; known keys: {', '.join(KEYS)}")
    removed = False

    def change(doc: Any) -> None:
        nonlocal removed
        table = _profile_for_edit(doc, path, profile, False)
        if key in table:
            del table[key]
            removed = True

    update(path, change)
    return removed


def use_profile(path: Path, name: str) -> None:
    """Make an existing profile the default."""

    def change(doc: Any) -> None:
        _profile_for_edit(doc, path, name, False)
        doc["default_profile"] = name

    if not path.exists():
        raise unknown_profile(name, path, [])
    update(path, change)
