"""Recipients as people write them: phone numbers in a region's format, ids, and names.

Numbers are read with `phonenumbers`, a port of Google's libphonenumber, whose metadata says which
lengths and country codes exist. It costs tens of milliseconds to import, so it is imported inside
the functions that read a number or a region, never when this module loads: a post without
recipients, `--version`, `fonts` and TAB never pay for it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..errors import ConfigError, GreenstatusError, UsageError
from ..i18n import _

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

REGION_ENV = "GREENSTATUS_DEFAULT_REGION"
_SEPARATORS = re.compile(r"[\s().\-]+")
# ASCII digits only: \d and the library would also take fullwidth and Arabic-Indic digits, which
# WhatsApp ids never contain.
_DIGITS = re.compile(r"[0-9]+")
_E164_DIGITS = re.compile(r"[0-9]{7,15}")
# Most entries of a 1,000-line file: no letter can be in them, so no need to look for one.
_NUMBERISH = re.compile(r"[0-9\s().+\-]*")
# phonenumbers' ValidationResult and NumberParseException codes, as words for the user.
_NO_CODE, _TOO_SHORT, _TOO_LONG = _("no such country code"), _("too short"), _("too long")
_WHY_IMPOSSIBLE = {1: _NO_CODE, 2: _TOO_SHORT, 3: _TOO_LONG, 4: _TOO_SHORT}
_WHY_UNPARSED = {0: _NO_CODE, 2: _TOO_SHORT, 3: _TOO_SHORT, 4: _TOO_LONG}


class Entry(NamedTuple):
    """One recipient as read: a number as `<digits>@c.us`, or a contact name for rules.audience."""

    kind: Literal["number", "name"]
    value: str


class Parsed(NamedTuple):
    """Entries in the order given, duplicates dropped, and warnings for the caller to show."""

    entries: list[Entry]
    warnings: list[str]


@functools.cache
def _keep_patterns() -> None:
    """Once per process, before the first number is read: phonenumbers keeps its metadata
    patterns once compiled. Each number's reading asks for some eight by their text; finding
    each again in the re module's own cache is about a sixth of the time 1,000 numbers take.
    Versions without enable_pattern_cache use re's cache."""
    import phonenumbers

    keep = getattr(phonenumbers, "enable_pattern_cache", None)
    if keep is not None:
        keep()


def is_name(value: str) -> bool:
    """An entry with a letter in it is a contact name, unless it is a `…@c.us` or `…@g.us` id."""
    text = value.strip()
    if _NUMBERISH.fullmatch(text) or text.lower().endswith(("@c.us", "@g.us")):
        return False
    return any(ch.isalpha() for ch in text)


def read_entries(values: Iterable[str], region: str | None = None) -> Parsed:
    """Read recipients already split into entries (rules.recipients.split_values, parse_lines).

    region: an ISO 3166 code that check_region accepted, from default_region; None reads digits
    without `+` or `00` as international. Names are kept as typed (stripped) for
    rules.audience to match; numbers become `<digits>@c.us`. Duplicates are dropped keeping the
    first one's place: numbers by id, names without regard to case.

    Raises UsageError (exit 2) for a group id, a value that is not a number, or a number that is
    not possible for its country. A possible number the metadata does not know as valid is a
    warning only, because new number ranges reach the metadata late.
    """
    entries: dict[str, Entry] = {}
    warnings: list[str] = []
    for value in values:
        if is_name(value):
            name = value.strip()
            entries.setdefault("name:" + name.casefold(), Entry("name", name))
            continue
        ident, warning = read_number(value, region)
        if ident not in entries:
            entries[ident] = Entry("number", ident)
            if warning:
                warnings.append(warning)
    return Parsed(list(entries.values()), warnings)


def read_number(value: str, region: str | None = None) -> tuple[str, str | None]:
    """One number or `…@c.us` id as (`<digits>@c.us`, a warning or None); see read_entries.

    `+` or `00` mark an international number; an id's digits are international too and are
    kept as written. Otherwise the number is read in region's national format, and without a
    region as international digits. The id is the number's E.164 form without the `+`.
    """
    raw = value.strip()
    low = raw.lower()
    if low.endswith("@g.us"):
        raise UsageError(
            _(
                "recipient {recipient} is a group; statuses go to contacts (@c.us) only",
                recipient=repr(raw),
            )
        )
    is_id = low.endswith("@c.us")
    compact = _SEPARATORS.sub("", raw[: -len("@c.us")] if is_id else raw)
    if compact.startswith("+"):
        digits, national = compact[1:], False
    elif compact.startswith("00") and not is_id:
        # Not left to the library: it takes 00 as the exit code only where the region dials 00,
        # and RU dials 810, so "0044 …" would become a Russian number.
        digits, national = compact[2:], False
    else:
        digits, national = compact, not is_id and region is not None
    if not _DIGITS.fullmatch(digits) or (not national and not _E164_DIGITS.fullmatch(digits)):
        raise _not_a_number(raw)
    number = _parse(raw, digits, region if national else None)
    import phonenumbers

    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]
    sent = digits if is_id else e164
    if not _E164_DIGITS.fullmatch(sent):
        raise _not_a_number(raw)
    warning = None
    if is_id and e164 != digits:
        warning = _(
            "recipient {recipient} reads as +{e164}; sent as written, {digits}@c.us",
            recipient=repr(raw),
            e164=e164,
            digits=digits,
        )
    elif not phonenumbers.is_valid_number(number):
        warning = _(
            "recipient {recipient} (+{e164}) is not a valid number in phonenumbers {version}'s "
            "metadata; sent anyway, as new number ranges reach the metadata late",
            recipient=repr(raw),
            e164=e164,
            version=phonenumbers.__version__,
        )
    return f"{sent}@c.us", warning


def _not_a_number(raw: str) -> UsageError:
    return UsageError(
        _(
            "recipient {recipient} is not a phone number: expected 7 to 15 digits, "
            "such as 79001234567 or +7 (900) 123-45-67",
            recipient=repr(raw),
        )
    )


def _parse(raw: str, digits: str, region: str | None) -> PhoneNumber:
    """The library's reading of digits, or UsageError naming raw and what to do about it."""
    import phonenumbers

    _keep_patterns()
    try:
        number = phonenumbers.parse(digits if region else "+" + digits, region)
    except phonenumbers.NumberParseException as exc:
        why = _WHY_UNPARSED.get(exc.error_type, _("not a number"))
    else:
        result = phonenumbers.is_possible_number_with_reason(number)
        # IS_POSSIBLE_LOCAL_ONLY (4) lacks an area code: no one can be reached by it.
        if result == phonenumbers.ValidationResult.IS_POSSIBLE:
            return number
        why = _WHY_IMPOSSIBLE.get(result, _("a length no number there has"))
    fields = {"recipient": repr(raw), "why": why, "region": region, "env": REGION_ENV}
    if region:
        message = _(
            "recipient {recipient} is not a possible phone number in region {region} ({why}): "
            "write it with + and the country code, or change default_region ({env})",
            **fields,
        )
    elif raw.lower().endswith("@c.us"):
        message = _(
            "recipient {recipient} is not a possible phone number as international digits "
            "({why}): an id's digits are international; default_region does not apply to ids",
            **fields,
        )
    else:
        message = _(
            "recipient {recipient} is not a possible phone number as international digits "
            "({why}): write it with + and the country code, or set default_region ({env}), "
            "such as RU, to read numbers in that country's own format",
            **fields,
        )
    raise UsageError(message)


def known_region(code: str) -> str | None:
    """code as phonenumbers spells it (`ru` → `RU`) if the library knows it, else None."""
    import phonenumbers

    upper = code.strip().upper()
    return upper if upper in phonenumbers.SUPPORTED_REGIONS else None


def check_region(code: str, source: str, error: type[GreenstatusError] = ConfigError) -> str:
    """The region code for read_entries, or error (ConfigError, exit 78) naming source.

    source says where code came from, such as `GREENSTATUS_DEFAULT_REGION` or
    `default_region in profile "shop"`. `config set` passes error=UsageError (exit 2). Known
    codes are phonenumbers.SUPPORTED_REGIONS: ISO 3166-1 alpha-2, such as RU, KZ or GB.
    """
    region = known_region(code)
    if region is None:
        raise error(
            _(
                "{source} is {code}, not a region code phonenumbers knows: "
                "use an ISO 3166 code such as RU, KZ or GB",
                source=source,
                code=repr(code),
            )
        )
    return region
