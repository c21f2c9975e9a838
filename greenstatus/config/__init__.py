"""Configuration: where it lives, reading it, which value wins, and every write to it.

The names are re-exported here so callers keep writing `config.resolve(...)`; every
submodule is light (tomlkit and platformdirs load only when used).
"""

# Path too: scripts and tests write `config.Path(...)` beside `config.set_value(...)`.
from pathlib import Path

from .edit import save_profile, set_value, unset_value, use_profile
from .keys import (
    CREDENTIAL_ENV,
    JOURNAL_DEFAULTS,
    KEYS,
    check_key,
    check_profile_name,
    normalise_value,
)
from .paths import (
    CONFIG_ENV,
    STATE_ENV,
    config_path,
    copies_dir,
    journal_file,
    private,
    require_named_file,
    state_dir,
)
from .read import (
    permission_warning,
    profile_names,
    read_file,
    read_stdin_line,
    too_deep,
)
from .settings import (
    DEFAULT_API_URL,
    DEFAULT_MEDIA_URL,
    DEFAULT_PROFILE,
    DEFAULT_TIMEOUT,
    PROFILE_ENV,
    Settings,
    derive_media_url,
    load,
    no_media_host,
    resolve,
    select_profile,
    unknown_profile,
)
from .tokens import SEEN_SECRETS, mask, remember_secrets
from .write import STALE_TEMP_SECONDS, atomic_write, update, write_target

__all__ = [
    "CONFIG_ENV",
    "CREDENTIAL_ENV",
    "DEFAULT_API_URL",
    "DEFAULT_MEDIA_URL",
    "DEFAULT_PROFILE",
    "DEFAULT_TIMEOUT",
    "JOURNAL_DEFAULTS",
    "KEYS",
    "PROFILE_ENV",
    "SEEN_SECRETS",
    "STALE_TEMP_SECONDS",
    "STATE_ENV",
    "Path",
    "Settings",
    "atomic_write",
    "check_key",
    "check_profile_name",
    "config_path",
    "copies_dir",
    "derive_media_url",
    "journal_file",
    "load",
    "mask",
    "no_media_host",
    "normalise_value",
    "permission_warning",
    "private",
    "profile_names",
    "read_file",
    "read_stdin_line",
    "remember_secrets",
    "require_named_file",
    "resolve",
    "save_profile",
    "select_profile",
    "set_value",
    "state_dir",
    "too_deep",
    "unknown_profile",
    "unset_value",
    "update",
    "use_profile",
    "write_target",
]
