"""What tests at every level share: the fake server, the installed command, its environment."""

from __future__ import annotations

from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI, Reply
from helpers.journal import rows, seed_due
from helpers.messages import check_one_line
from helpers.paths import DATA, ROOT
from helpers.process import (
    build_wheel,
    creds,
    env_for,
    media_env,
    modules_after,
    probe,
    profiles_env,
    profiles_toml,
    run,
    start_waiting,
    state_env,
)
from helpers.secrets import fragments, leaks
from helpers.urls import API_URL, SEND_URL, SETTINGS_URL, STATE_URL

__all__ = [
    "API_URL",
    "DATA",
    "ID_INSTANCE",
    "ROOT",
    "SEND_URL",
    "SETTINGS_URL",
    "STATE_URL",
    "TOKEN",
    "FakeAPI",
    "Reply",
    "build_wheel",
    "check_one_line",
    "creds",
    "env_for",
    "fragments",
    "leaks",
    "media_env",
    "modules_after",
    "probe",
    "profiles_env",
    "profiles_toml",
    "rows",
    "run",
    "seed_due",
    "start_waiting",
    "state_env",
]
