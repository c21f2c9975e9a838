"""GREEN-API's documented example answers and rate limits, as the sandbox serves them.

Sources: ../shared/reference/green-api.md and green-api-statuses.md (the section numbers below).
"""

from __future__ import annotations

from typing import Any

# green-api-statuses.md §6 (Apidog example, "…" filled in).
OUTGOING_EXAMPLE: list[dict[str, Any]] = [
    {
        "type": "outgoing",
        "idMessage": "BAE5018000000000",
        "timestamp": 1710134811,
        "typeMessage": "extendedTextMessage",
        "chatId": "70000000001@c.us",
        "textMessage": "I use Green-API to send this status!",
        "extendedTextMessage": {
            "text": "I use Green-API to send this status!",
            "backgroundColor": "#228B22",
            "font": "SERIF",
            "participants": ["70000000001@c.us", "70000000002@c.us"],
        },
        "statusMessage": "read",
        "sendByApi": True,
    },
    {
        "type": "outgoing",
        "idMessage": "BAE5207000000000",
        "timestamp": 1710134814,
        "typeMessage": "imageMessage",
        "chatId": "70000000001@c.us",
        "participants": [],
        "downloadUrl": "https://sw-media.storage.yandexcloud.net/1101000000/dcf81410.jpg",
        "caption": "Little horse",
        "fileName": "dcf81410-1c9f-4ab6-9b8e-0f7a2b7f1e2d.jpg",
        "jpegThumbnail": "/9j/4AAQSkZJRgABAQAAAQABAAD",
        "mimeType": "image/jpeg",
        "statusMessage": "read",
        "sendByApi": True,
    },
]
# green-api-statuses.md §7 (fields of the docs table).
INCOMING_EXAMPLE: list[dict[str, Any]] = [
    {
        "type": "incoming",
        "idMessage": "A5D2E3B4C1F0A9B8C7D6",
        "timestamp": 1710134900,
        "typeMessage": "extendedTextMessage",
        "chatId": "70000000002@c.us",
        "senderId": "70000000002@c.us",
        "senderName": "Bob",
        "senderContactName": "Bob the baker",
        "textMessage": "Fresh bread at 7",
        "extendedTextMessage": {
            "text": "Fresh bread at 7",
            "backgroundColor": "#000080",
            "font": "SANS_SERIF",
        },
    }
]
# green-api-statuses.md §8 (the docs example, trailing commas fixed, one item per state).
STATISTIC_EXAMPLE: list[dict[str, Any]] = [
    {"timestamp": 1587129319, "participant": "11001234567@c.us", "status": "read"},
    {"timestamp": 1587129320, "participant": "11001234568@c.us", "status": "delivered"},
    {"timestamp": 1587129321, "participant": "11001234569@c.us", "status": "sent"},
]
# green-api.md §3, GetContacts: `{id, name, contactName, type}`. One contact of each kind that
# matters for statuses: saved (sees them), not saved (empty contactName), a group.
CONTACTS_EXAMPLE: list[dict[str, Any]] = [
    {"id": "79001234567@c.us", "name": "Anna", "contactName": "Anna (flowers)", "type": "user"},
    {"id": "79001234568@c.us", "name": "Boris", "contactName": "Boris", "type": "user"},
    {"id": "79001234569@c.us", "name": "Vera", "contactName": "", "type": "user"},
    {"id": "120363043968066561@g.us", "name": "Shop team", "contactName": "", "type": "group"},
]
# green-api.md §1 and §3, the rate limiter: requests a second, per instance and method.
# uploadFile has no documented limit.
GREEN_API_LIMITS: dict[str, int] = {
    "sendTextStatus": 5,
    "sendMediaStatus": 5,
    "sendVoiceStatus": 5,
    "deleteStatus": 10,
    "getOutgoingStatuses": 1,
    "getIncomingStatuses": 1,
    "getStatusStatistic": 1,
    "getStateInstance": 1,
    "getSettings": 1,
    "getContacts": 1,
}
# Only the first 1024 saved contacts receive statuses (green-api.md §1).
STATUS_AUDIENCE = 1024
