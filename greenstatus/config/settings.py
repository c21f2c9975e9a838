"""The settings a run uses: option > environment > file > default, and where each came from."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..errors import ConfigError, UsageError
from ..i18n import _
from .keys import CREDENTIAL_ENV, JOURNAL_DEFAULTS, KEYS, normalise_value
from .paths import CONFIG_ENV, config_path, require_named_file
from .read import permission_warning, profile_names, read_file
from .tokens import remember_tokens

DEFAULT_API_URL = "https://api.green-api.com"
DEFAULT_MEDIA_URL = "https://media.green-api.com"
DEFAULT_PROFILE = "default"
DEFAULT_TIMEOUT = 30.0
PROFILE_ENV = "GREENSTATUS_PROFILE"
_INSTANCE_HOST = re.compile(r"https://(\d+)\.api\.greenapi\.com", re.IGNORECASE)


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
    return _(
        "no media host: api_url ({source}) is not a GREEN-API host, so the upload "
        "host is not known; set media_url (greenstatus config set media_url URL, or "
        "GREENSTATUS_MEDIA_URL), or give --media/--voice an http(s) URL",
        source=api_url_source,
    )


class Settings:
    """What a run uses, and where each value came from."""

    # A plain class, not a dataclass: dataclasses imports inspect, which every run would pay for.
    def __init__(
        self,
        path: Path,
        profile: str,
        profile_source: str = "",
        values: dict[str, Any] | None = None,
        sources: dict[str, str] | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        self.path = path
        self.profile = profile
        self.profile_source = profile_source or _("built-in default")
        self.values: dict[str, Any] = {} if values is None else values
        self.sources: dict[str, str] = {} if sources is None else sources
        self.warnings: list[str] = [] if warnings is None else warnings

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def timeout(self, chosen: float | None = None) -> float:
        """The seconds to wait for an answer: the command's --timeout when given, else the
        profile's setting (which resolve() always fills, with the default if need be)."""
        return chosen if chosen is not None else float(self.get("timeout"))

    def credentials(self) -> tuple[str, str, str]:
        """(api_url, id_instance, token), or ConfigError saying how to provide them."""
        missing = [k for k in ("id_instance", "api_token_instance") if not self.values.get(k)]
        if missing:
            raise ConfigError(
                _(
                    "no {keys} for profile {profile} (config file {path}); run 'greenstatus "
                    "config init', or set GREENSTATUS_ID_INSTANCE and "
                    "GREENSTATUS_API_TOKEN_INSTANCE",
                    keys=" or ".join(missing),
                    profile=repr(self.profile),
                    path=self.path,
                )
            )
        return self.values["api_url"], self.values["id_instance"], self.values["api_token_instance"]

    def media_host(self) -> str:
        """The host a local file is uploaded to, or ConfigError naming media_url."""
        host = self.values.get("media_url")
        if not host:
            raise ConfigError(no_media_host(self.sources.get("api_url") or _("default")))
        return str(host)


def unknown_profile(name: str, path: Path, names: list[str]) -> ConfigError:
    there = ", ".join(names) if names else _("none")
    return ConfigError(
        _(
            "no profile {name} in {path}; profiles there: {there}",
            name=repr(name),
            path=path,
            there=there,
        )
    )


def load(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The parsed file (None when missing) and warnings about how it is kept."""
    remember_tokens(None)
    data = read_file(path)
    remember_tokens(data)
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
    named_by: str
    if option:
        name, named_by = option, _("option --profile")
    elif env := os.environ.get(PROFILE_ENV):
        name, named_by = env, _("env {variable}", variable=PROFILE_ENV)
    elif isinstance(default, str):
        name, named_by = default, _("file default_profile")
    else:
        name, named_by = DEFAULT_PROFILE, ""
    profiles = (data or {}).get("profiles", {})
    if named_by and name not in profiles:
        raise unknown_profile(name, path, profile_names(data))
    return name, named_by, profiles.get(name, {})


def resolve(config_option: str | None = None, profile_option: str | None = None) -> Settings:
    """Merge command line, environment, the profile in the file, and built-in defaults."""
    remember_tokens(None)
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
        profile_source=named_by or _("built-in default"),
        warnings=warnings,
    )
    _take_file(settings, stored)
    _take_environment(settings, explicit_profile=bool(profile_option))
    _take_defaults(settings)
    return settings


def _take_file(settings: Settings, stored: dict[str, Any]) -> None:
    where = f"[profiles.{settings.profile}]"
    for key in KEYS:
        if key in stored:
            try:
                settings.values[key] = normalise_value(key, stored[key])
            except UsageError as exc:
                raise ConfigError(
                    _(
                        "config file {path}, key {key} in {where}: {message}",
                        path=settings.path,
                        key=key,
                        where=where,
                        message=exc.message,
                    )
                ) from None
            settings.sources[key] = _("file {where}", where=where)
    for key in stored.keys() - set(KEYS):
        settings.warnings.append(
            _(
                "config file {path}: unknown key {key} in {where}",
                path=settings.path,
                key=repr(key),
                where=where,
            )
        )


def _take_environment(settings: Settings, *, explicit_profile: bool) -> None:
    # An explicit --profile is a command-line choice and beats the credential variables.
    for key, var in CREDENTIAL_ENV.items():
        env_value = os.environ.get(var)
        if not env_value or (explicit_profile and key in settings.values):
            continue
        try:
            settings.values[key] = normalise_value(key, env_value)
        except UsageError as exc:
            raise ConfigError(
                _("{variable}: {message}", variable=var, message=exc.message)
            ) from None
        settings.sources[key] = _("env {variable}", variable=var)


def _take_defaults(settings: Settings) -> None:
    defaults = {"api_url": DEFAULT_API_URL, "timeout": DEFAULT_TIMEOUT, **JOURNAL_DEFAULTS}
    for key, value in defaults.items():
        if key not in settings.values:
            settings.values[key] = value
            settings.sources[key] = _("default")
    if "media_url" not in settings.values and (
        derived := derive_media_url(settings.values["api_url"])
    ):
        settings.values["media_url"] = derived
        settings.sources["media_url"] = _("derived from api_url")
