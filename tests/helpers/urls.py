"""The GREEN-API addresses that the CLI tests register with `responses`."""

from __future__ import annotations

from helpers.fakeapi import ID_INSTANCE, TOKEN

API_URL = "https://7105.api.greenapi.com"
SEND_URL = f"{API_URL}/waInstance{ID_INSTANCE}/sendTextStatus/{TOKEN}"
STATE_URL = f"{API_URL}/waInstance{ID_INSTANCE}/getStateInstance/{TOKEN}"
SETTINGS_URL = f"{API_URL}/waInstance{ID_INSTANCE}/getSettings/{TOKEN}"
# The media host the CLI tests name (GREENSTATUS_MEDIA_URL), its uploadFile, and a link it gives.
MEDIA_URL = "https://media.example.test"
UPLOAD_URL = f"{MEDIA_URL}/waInstance{ID_INSTANCE}/uploadFile/{TOKEN}"
SEND_MEDIA_URL = f"{API_URL}/waInstance{ID_INSTANCE}/sendMediaStatus/{TOKEN}"
