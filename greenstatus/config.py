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
    "media_url",
)
DEFAULT_MEDIA_URL = "https://media.green-api.com"
_INSTANCE_HOST = re.compile(r"https://(\d+)\.api\.greenapi\.com")
_PROFILE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def config_path(explicit: str | None = None) -> Path:
    """The config file: --config, else $GREENSTATUS_CONFIG, else the platform's config folder."""
    chosen = explicit or os.environ.get(CONFIG_ENV)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return platformdirs.user_config_path("greenstatus") / "config.toml"


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


def normalise_value(key: str, value: Any) -> Any:
    """Validate one setting and return it as it is stored; raise UsageError naming the rule."""
    from .rules import colors, fonts, recipients

    if key not in KEYS:
        raise UsageError(f"unknown key {key!r}; known keys: {', '.join(KEYS)}")
    if key == "participants":
        items = value if isinstance(value, list) else recipients.split_values([str(value)])
        return recipients.normalise_all(str(v) for v in items)
    if key == "timeout":
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            seconds = -1.0
        if not 0 < seconds <= 3600:
            raise UsageError(f"timeout {value!r}: give seconds, more than 0 and at most 3600")
        return int(seconds) if seconds.is_integer() else seconds
    text = str(value).strip()
    if key == "id_instance":
        if not re.fullmatch(r"\d{1,10}", text):
            raise UsageError(f"idInstance {text!r} must be 1 to 10 digits")
        return text
    if key == "api_token_instance":
        if not text or re.search(r"[\s/]", str(value)):
            raise UsageError("apiTokenInstance must be non-empty, without spaces or '/'")
        return text
    if key == "api_url":
        return _normalise_url(text)
    if key == "media_url":
        return _normalise_url(text, "mediaUrl")
    if key == "background_color":
        return colors.parse_color(text)
    return fonts.parse_font(text)


def _normalise_url(text: str, label: str = "apiUrl") -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{label} {text!r} must start with https:// (or http://) and name a host")
    if parts.path.strip("/") or parts.query or parts.fragment:
        example = "media" if label == "mediaUrl" else "api"
        raise UsageError(
            f"{label} {text!r} must have no path, such as https://1101.{example}.greenapi.com"
        )
    return f"{parts.scheme}://{parts.netloc}"


def derive_media_url(api_url: str) -> str:
    """The upload host that goes with an apiUrl: a per-instance host has a per-instance media
    host; any other apiUrl gets the universal one."""
    if m := _INSTANCE_HOST.fullmatch(api_url):
        return f"https://{m.group(1)}.media.greenapi.com"
    return DEFAULT_MEDIA_URL


# --- reading -------------------------------------------------------------------------------------


def read_file(path: Path) -> dict[str, Any] | None:
    """Parse the file with tomllib; None when it does not exist."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(p, dict) for p in profiles.values()):
        raise ConfigError(f"config file {path}: [profiles.NAME] must be tables")
    return data


def permission_warning(path: Path) -> str | None:
    """A warning when group or others may read the file that holds the token."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if mode & 0o077:
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


def unknown_profile(name: str, path: Path, names: list[str]) -> ConfigError:
    there = ", ".join(names) if names else "none"
    return ConfigError(f"no profile {name!r} in {path}; profiles there: {there}")


def load(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The parsed file (None when missing) and warnings about how it is kept."""
    data = read_file(path)
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
    path = config_path(config_option)
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
                raise ConfigError(f"config file {path}, [profiles.{name}]: {exc}") from None
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
    if "media_url" not in settings.values:
        settings.values["media_url"] = derive_media_url(settings.values["api_url"])
        settings.sources["media_url"] = "derived from api_url"
    return settings


def quick_profile_names(config_option: str | None = None) -> list[str]:
    """Profile names for shell completion: no errors, no warnings, nothing but the file."""
    try:
        return profile_names(read_file(config_path(config_option)))
    except Exception:
        return []


# --- writing -------------------------------------------------------------------------------------


def _ensure_folder(folder: Path) -> None:
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)


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


def atomic_write(path: Path, text: str) -> None:
    """Write text to path so a reader sees the old file or the new one, never a part.

    The temporary file is created 0600 in the same folder, so the token is never readable
    by others even for an instant, and the rename stays on one file system.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
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

    _ensure_folder(path.parent)
    with _locked(path.parent):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
        try:
            doc = tomlkit.parse(text)
        except tomlkit.exceptions.ParseError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
        change(doc)
        atomic_write(path, tomlkit.dumps(doc))


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


def set_value(path: Path, profile: str, key: str, value: Any) -> Any:
    """Validate, normalise and store one key; return the stored value."""
    stored = normalise_value(key, value)
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
