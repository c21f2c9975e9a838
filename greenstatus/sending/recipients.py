"""Who a post goes to: the command line's recipients, --to-file and --except turned into the
final `participants`, with the audience check's warnings.

post calls `participants` once (through compose.Options.audience). It reads numbers with
rules.phones in the profile's region, matches names and --except against the contacts
(kept ones, else fetched; a dry run never fetches), and warns of each recipient the kept
contacts say will not see the status. A post without recipients returns at once, importing
nothing: it goes to all contacts, and there is no one to check.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..i18n import _

if TYPE_CHECKING:
    from ..config import Settings
    from ..rules.audience import Contact
    from ..rules.phones import Entry


def participants(
    settings: Settings,
    given: list[str] | None,
    excepted: list[str],
    *,
    dry_run: bool,
    request: dict[str, Any],
    kept: Callable[[Settings], list[Contact] | None] | None = None,
    typed: list[str] | None = None,
) -> tuple[list[str], list[str]]:
    """(participants, warnings) for one post; [] means all contacts.

    given: the entries of -t/--to and --to-file, split (None when neither was given, so the
    profile's participants apply). excepted: --except values as typed (comma lists); typed:
    -t/--to values as typed (a contact's name with a comma in one of them is exit 2).
    request: timeout, retries and log for a GetContacts this may need. kept: how the kept
    contacts are read (sending.contacts.kept unless given; `audience` reads them once).

    Raises UsageError (exit 2) for --except with --to/--to-file, a bad number, a name that
    matches no contact or several, an --except that leaves nobody, or, in a dry run, names or
    --except with no kept contacts; ConfigError (exit 78) for a bad default_region.
    """
    if excepted and given is not None:
        raise UsageError(
            _("--except sends to every contact but some; it cannot be used with --to or --to-file")
        )
    if given is None and not excepted:
        profile = [str(p) for p in settings.get("participants") or []]
        if not profile:
            return [], []  # all contacts: nobody to check, and nothing more to import
        from . import contacts as kept_contacts

        return profile, _check(profile, (kept or kept_contacts.kept)(settings))
    from ..rules import audience, phones
    from ..rules.recipients import split_values

    parsed = phones.read_entries(
        split_values(excepted) if excepted else given or [], region(settings)
    )
    contacts = _contacts_for(settings, parsed.entries, bool(excepted), dry_run, request, kept)
    if contacts:
        audience.refuse_split_names([*(typed or []), *excepted], contacts)
    if excepted:
        left = audience.everyone_except(parsed.entries, contacts or [])
        return left, parsed.warnings + _leaves_nobody_out(parsed.entries, contacts or [])
    chosen = audience.resolve(parsed.entries, contacts or [])
    return chosen, parsed.warnings + _check(chosen, contacts)


def audience(
    settings: Settings, *, dry_run: bool, request: dict[str, Any]
) -> Callable[[list[str] | None], tuple[list[str], list[str]]]:
    """compose.Options.audience for a status with no --except: `outbox import`'s `to`
    column goes through `participants` as post's --to does. Contacts are fetched once per
    profile at most (then kept in the journal); a dry run uses kept contacts only. The kept
    copy is read once, and a `to` cell seen before is answered from memory: a plan names the
    same audience day after day, and each turn is a pass over every contact."""
    from . import contacts as kept_contacts

    once: list[list[Contact]] = []
    turned: dict[tuple[str, ...] | None, tuple[list[str], list[str]]] = {}

    def kept(chosen: Settings) -> list[Contact] | None:
        if not once:
            found = kept_contacts.kept(chosen)
            if found is None:
                return None  # none kept yet: a row with a name fetches and keeps them
            once.append(found)
        return once[0]

    def turn(given: list[str] | None) -> tuple[list[str], list[str]]:
        if given is None and not settings.get("participants"):
            return [], []  # all contacts: nobody to check
        key = None if given is None else tuple(given)
        if key not in turned:
            turned[key] = participants(
                settings, given, [], dry_run=dry_run, request=request, kept=kept
            )
        return turned[key]

    return turn


def _contacts_for(
    settings: Settings,
    entries: list[Entry],
    excepting: bool,
    dry_run: bool,
    request: dict[str, Any],
    kept: Callable[[Settings], list[Contact] | None] | None,
) -> list[Contact] | None:
    """The kept contacts; when names or --except need them and none are kept, fetched now
    (a dry run makes no request: exit 2 pointing at `greenstatus contacts`)."""
    from . import contacts as kept_contacts

    contacts = (kept or kept_contacts.kept)(settings)
    if contacts is not None or not (excepting or any(e.kind == "name" for e in entries)):
        return contacts
    if dry_run:
        raise UsageError(
            _(
                "names and --except are matched against the kept contacts, and none are kept "
                "for this instance; a dry run makes no request: run `greenstatus contacts` first"
            )
        )
    return kept_contacts.fetch(settings, request)


def _leaves_nobody_out(entries: list[Entry], contacts: list[Contact]) -> list[str]:
    """A warning for each --except number that is no contact: it is ignored, but said, since
    a typo there leaves nobody out and the person meant to be left out sees the status."""
    known = {str(c.get("id", "")).lower() for c in contacts}
    return [
        _("--except {number} is not a contact: it leaves nobody out", number=value.split("@")[0])
        for kind, value in entries
        if kind == "number" and value.lower() not in known
    ]


def _check(chosen: list[str], contacts: list[Contact] | None) -> list[str]:
    """The audience check: a warning for each recipient the contacts say will not see it."""
    if contacts is None:
        return []
    from ..rules import audience

    return [
        _(
            "{number} will not see it: {reason}",
            number=digits,
            reason=audience.REASON_TEXT[why],
        )
        for digits, why in audience.will_not_see(chosen, contacts)
    ]


def region(settings: Settings) -> str | None:
    """default_region, checked: GREENSTATUS_DEFAULT_REGION, else the profile's key, else None.

    ConfigError (exit 78) for a code phonenumbers does not know; checked only here, when
    recipients are read, so that a post without recipients never imports the library.
    """
    from ..rules import phones

    env = os.environ.get(phones.REGION_ENV, "").strip()
    if env:
        return phones.check_region(env, phones.REGION_ENV)
    stored = settings.get("default_region")
    if not stored:
        return None
    where = _(
        "default_region in profile {name} ({path})", name=repr(settings.profile), path=settings.path
    )
    return phones.check_region(str(stored), where)
