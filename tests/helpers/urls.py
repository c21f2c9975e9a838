"""The GREEN-API addresses that the CLI tests register with `responses`."""

from __future__ import annotations

from helpers.fakeapi import ID_INSTANCE, TOKEN

API_URL = "https://7105.api.greenapi.com"
SEND_URL = f"{API_URL}/waInstance{ID_INSTANCE}/sendTextStatus/{TOKEN}"
STATE_URL = f"{API_URL}/waInstance{ID_INSTANCE}/getStateInstance/{TOKEN}"
SETTINGS_URL = f"{API_URL}/waInstance{ID_INSTANCE}/getSettings/{TOKEN}"
