"""The tests' GREEN-API: the same server `greenstatus sandbox` runs (greenstatus/sandbox/)."""

from __future__ import annotations

from greenstatus.sandbox.contacts import ESCAPED_NAMES, contact_book
from greenstatus.sandbox.examples import (
    CONTACTS_EXAMPLE,
    GREEN_API_LIMITS,
    INCOMING_EXAMPLE,
    OUTGOING_EXAMPLE,
    STATISTIC_EXAMPLE,
)
from greenstatus.sandbox.server import (
    ID_INSTANCE,
    STATUS_METHODS,
    TOKEN,
    FakeAPI,
    Reply,
    Seen,
    Uploaded,
    journal_item,
    sandbox,
)
from greenstatus.sandbox.validation import (
    FIELDS,
    FONTS,
    MEDIA_FIELDS,
    VOICE_FIELDS,
    validate_media_status,
    validate_status,
)

__all__ = [
    "CONTACTS_EXAMPLE",
    "ESCAPED_NAMES",
    "FIELDS",
    "FONTS",
    "GREEN_API_LIMITS",
    "ID_INSTANCE",
    "INCOMING_EXAMPLE",
    "MEDIA_FIELDS",
    "OUTGOING_EXAMPLE",
    "STATISTIC_EXAMPLE",
    "STATUS_METHODS",
    "TOKEN",
    "VOICE_FIELDS",
    "FakeAPI",
    "Reply",
    "Seen",
    "Uploaded",
    "contact_book",
    "journal_item",
    "sandbox",
    "validate_media_status",
    "validate_status",
]
