"""Recipient rules: phone numbers in any common spelling become `<digits>@c.us`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import UsageError
from ..i18n import _, ngettext

_SEPARATORS = re.compile(r"[\s().\-]+")
# ASCII digits only: \d would also take fullwidth and Arabic-Indic digits, which WhatsApp ids
# never contain, and such a "number" would be sent as typed.
_DIGITS = re.compile(r"[0-9]{7,15}")
_BOM = "\ufeff"
EMPTY_AUDIENCE = _(
    "an empty audience is never widened to all contacts; leave out --to and --to-file "
    "to use the profile's participants (else all contacts)"
)


def normalise_one(value: str) -> str:
    """Turn `79001234567`, `+7 (900) 123-45-67` or `79001234567@c.us` into `<digits>@c.us`."""
    raw = value.strip()
    if raw.lower().endswith("@g.us"):
        raise UsageError(
            _(
                "recipient {recipient} is a group; statuses go to contacts (@c.us) only",
                recipient=repr(raw),
            )
        )
    number = raw[: -len("@c.us")] if raw.lower().endswith("@c.us") else raw
    number = _SEPARATORS.sub("", number)
    if number.startswith("+"):
        number = number[1:]
    if not _DIGITS.fullmatch(number):
        raise UsageError(
            _(
                "recipient {recipient} is not a phone number: expected 7 to 15 digits, "
                "such as 79001234567 or +7 (900) 123-45-67",
                recipient=repr(raw),
            )
        )
    return f"{number}@c.us"


def split_values(values: Iterable[str]) -> list[str]:
    """Split comma-separated entries; an empty entry or piece is an error, never skipped.

    `-t "$VIP"` with VIP unset, `-t ','` or `-t "7900123,,"` must not shrink to nothing and
    then mean "all contacts".
    """
    pieces: list[str] = []
    for value in values:
        for piece in value.split(","):
            if not piece.strip():
                raise UsageError(
                    _(
                        "empty recipient in {value}: {why}",
                        value=repr(value),
                        why=EMPTY_AUDIENCE,
                    )
                )
            pieces.append(piece)
    return pieces


def parse_lines(text: str) -> list[str]:
    """Entries of a recipients file: one a line (a line of numbers may be a comma list, a
    contact name is the whole line), blank lines and `#` comments ignored.

    A leading BOM is dropped, as it is for the status text.
    """
    if text.startswith(_BOM):
        text = text[len(_BOM) :]
    from .phones import is_name

    entries: list[str] = []
    for line in (line.split("#", 1)[0] for line in text.splitlines()):
        if line.strip():
            # A name may hold a comma ("Petrova, Anna"): the file is where it can be written.
            # A line without one is one entry either way (most of a 1,000-line file).
            entries += [line] if "," not in line or is_name(line) else split_values([line])
    return entries


def normalise_all(values: Iterable[str]) -> list[str]:
    """Normalise every entry and drop duplicates, keeping the first occurrence's place."""
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(normalise_one(value), None)
    return list(seen)


# GREEN-API sends a status to the first 1024 contacts of participants only; a list far longer
# than that is more likely a wrong file (a whole CRM export) than an audience.
DELIVERED_TO = 1024
REFUSE_ABOVE = 10_000


def check_count(count: int, force: bool, origin: str = "") -> str | None:
    """A warning for more recipients than GREEN-API serves, or UsageError for far more
    (unless force); origin names where they came from."""
    if count <= DELIVERED_TO:
        return None
    fields = {"count": f"{count:,}", "origin": origin, "limit": DELIVERED_TO}
    if count > REFUSE_ABOVE and not force:
        fields["most"] = f"{REFUSE_ABOVE:,}"
        raise UsageError(
            ngettext(
                "{count} recipient ({origin}) is more than {most}; only the first {limit} "
                "contacts receive statuses; check the list, or pass --force to send anyway",
                "{count} recipients ({origin}) is more than {most}; only the first {limit} "
                "contacts receive statuses; check the list, or pass --force to send anyway",
                count,
                **fields,
            )
            if origin
            else ngettext(
                "{count} recipient is more than {most}; only the first {limit} contacts "
                "receive statuses; check the list, or pass --force to send anyway",
                "{count} recipients is more than {most}; only the first {limit} contacts "
                "receive statuses; check the list, or pass --force to send anyway",
                count,
                **fields,
            )
        )
    if origin:
        return ngettext(
            "{count} recipient ({origin}): only the first {limit} contacts receive statuses",
            "{count} recipients ({origin}): only the first {limit} contacts receive statuses",
            count,
            **fields,
        )
    return ngettext(
        "{count} recipient: only the first {limit} contacts receive statuses",
        "{count} recipients: only the first {limit} contacts receive statuses",
        count,
        **fields,
    )
