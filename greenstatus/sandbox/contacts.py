"""Contact lists for getContacts, in its documented shape (`id`, `name`, `contactName`, `type`),
made to order: the cases that decide who sees a status, for the tests and for trying greenstatus.

`api.contacts = contact_book("no_contact_name", "groups", saved=1100)` sets what getContacts
answers. Features: `no_contact_name` (saved numbers without a name, and one with a blank one),
`groups`, `case` (two contacts whose names differ only in case), `escapes` (names carrying
terminal escapes and controls); `saved=N` contacts with a contactName (over 1024 puts some
beyond GREEN-API's first 1024). `contact_book()` alone is an empty list.
"""

from __future__ import annotations

from typing import Any

FEATURES = ("no_contact_name", "groups", "case", "escapes")
# Names that would move the cursor, retitle the window, write the clipboard or turn the text
# around, were they printed as they are.
ESCAPED_NAMES = (
    "Mallory\x1b[2J\x1b[H",
    "Eve\x1b]0;owned\x07",
    "Trent\x1b]52;c;ZXZpbA==\x07",
    "Oscar\u202etxt.exe",
    "Line\nbreak\rname",
)


def user(number: str, contact_name: str | None, name: str | None = "") -> dict[str, Any]:
    """One person's contact; contact_name None leaves the field out, as GREEN-API may."""
    contact: dict[str, Any] = {"id": f"{number}@c.us", "name": name, "type": "user"}
    if contact_name is not None:
        contact["contactName"] = contact_name
    return contact


def sandbox_book() -> list[dict[str, Any]]:
    """`greenstatus sandbox`'s list, small as a shop's phone holds it: two saved contacts
    (who see statuses), numbers never saved (no contactName: WhatsApp's name, or none at
    all), and two groups. Every contact has the documented four fields."""
    return [
        user("79001234567", "Anna (flowers)", "Anna"),
        user("79001234568", "Boris", "Boris"),
        user("79001234569", "", "Vera"),
        user("79001234570", "", "Gleb Sokolov"),
        user("79001234571", "", ""),
        {"id": "120363043968066561@g.us", "name": "Shop team", "contactName": "", "type": "group"},
        {"id": "120363043968066562@g.us", "name": "Suppliers", "contactName": "", "type": "group"},
    ]


def contact_book(*features: str, saved: int = 0) -> list[dict[str, Any]]:
    """getContacts' answer with the features asked for (FEATURES), after `saved` numbered
    contacts with a contactName (`Contact 0001` on 79100000001@c.us, ...), in that order."""
    unknown = set(features) - set(FEATURES)
    if unknown:
        raise ValueError(f"unknown contact features {sorted(unknown)}; known: {FEATURES}")
    book = [user(f"791{i:08d}", f"Contact {i:04d}", f"WA {i}") for i in range(1, saved + 1)]
    if "no_contact_name" in features:
        book += [
            user("79200000001", ""),
            user("79200000002", None, "Only WhatsApp"),
            user("79200000003", "   "),
        ]
    if "groups" in features:
        book.append(
            {
                "id": "120363043968066561@g.us",
                "name": "Shop team",
                "contactName": "",
                "type": "group",
            }
        )
    if "case" in features:
        book += [user("79300000001", "Sasha"), user("79300000002", "SASHA")]
    if "escapes" in features:
        book += [user(f"7940000000{i}", name) for i, name in enumerate(ESCAPED_NAMES)]
    return book
