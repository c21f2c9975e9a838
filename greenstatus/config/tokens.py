"""The tokens this process has seen, so output can mask them, and how a token is shown masked."""

from __future__ import annotations

import os
from typing import Any

from .keys import CREDENTIAL_ENV
from .paths import config_path
from .read import read_file

# Every token this process has seen, valid or not, from the file or the environment.
# output.scrub masks them all, so an error raised before a command registers its token (a
# token typed as a profile name, say) cannot print it either.
SEEN_SECRETS: set[str] = set()


def remember_tokens(data: dict[str, Any] | None) -> None:
    """Learn the environment's token and every profile's token in the parsed file."""
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
    remember_tokens(data)


def mask(secret: str) -> str:
    """Show at most the first 4 and last 4 characters of a secret, and none of a short one."""
    if len(secret) >= 12:
        return f"{secret[:4]}…{secret[-4:]}"
    return "****"
