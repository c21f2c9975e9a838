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
    from ..rules.audience import Book
    from ..rules.phones import Entry


def participants(
    settings: Settings,
    given: list[str] | None,
    excepted: list[str],
    *,
    dry_run: bool,
    request: dict[str, Any],
    typed: list[str] | None = None,
    source: Source | None = None,
) -> tuple[list[str], list[str]]:
    """(participants, warnings) for one post; [] means all contacts.

    given: the entries of -t/--to and --to-file, split (None when neither was given, so the
    profile's participants apply). excepted: --except values as typed (comma lists); typed:
    -t/--to values as typed (a contact's name with a comma in one of them is exit 2).
    request: timeout, retries and log for a GetContacts this may need. source: where the
    profile's contacts come from, read once (`audience` passes one for every row; else a new
    one for this call).

    Raises UsageError (exit 2) for --except with --to/--to-file, a bad number, a name that
    matches no contact or several, an --except that leaves nobody, or, in a dry run, names or
    --except with no kept contacts; ConfigError (exit 78) for a bad default_region.
    """
    if excepted and given is not None:
        raise UsageError(
            _("--except sends to every contact but some; it cannot be used with --to or --to-file")
        )
    source = source or Source(settings, request, dry_run=dry_run)
    if given is None and not excepted:
        profile = [str(p) for p in settings.get("participants") or []]
        if not profile:
            return [], []  # all contacts: nobody to check, and nothing more to import
        return profile, _check(profile, source.kept())
    from ..rules import audience, phones
    from ..rules.recipients import split_values

    parsed = phones.read_entries(
        split_values(excepted) if excepted else given or [], region(settings)
    )
    if excepted:
        book = source.needed()
        audience.refuse_split_names([*(typed or []), *excepted], book)
        left = audience.everyone_except(parsed.entries, book)
        return left, parsed.warnings + _leaves_nobody_out(parsed.entries, book)
    named = any(e.kind == "name" for e in parsed.entries)
    kept = source.needed() if named else source.kept()
    if kept is not None:
        audience.refuse_split_names(typed or [], kept)
    chosen = audience.resolve(parsed.entries, kept or audience.Book([]))
    return chosen, parsed.warnings + _check(chosen, kept)


class Source:
    """Where one profile's contacts come from, each at most once: the kept copy
    (sending.contacts.kept), else, when names or --except need them, GetContacts now (kept
    for later commands when the profile keeps contacts). Either is one rules.audience.Book,
    so every turn of recipients for the profile (each row of `outbox import`) asks the same
    lookups."""

    def __init__(self, settings: Settings, request: dict[str, Any], *, dry_run: bool) -> None:
        self.settings, self.request, self.dry_run = settings, request, dry_run
        self._kept: Book | None = None
        self._fetched: Book | None = None
        self._read = False

    def kept(self) -> Book | None:
        """The kept contacts, read once (or fetched since and kept); None when none are."""
        if not self._read:
            from ..rules.audience import Book
            from . import contacts

            found = contacts.kept(self.settings)
            self._kept = None if found is None else Book.of(found)
            self._read = True
        return self._kept

    def needed(self) -> Book:
        """The kept contacts, else the ones fetched now (a dry run makes no request:
        UsageError, exit 2, pointing at `greenstatus contacts`)."""
        book = self.kept() or self._fetched
        if book is not None:
            return book
        if self.dry_run:
            raise UsageError(
                _(
                    "names and --except are matched against the kept contacts, and none are "
                    "kept for this instance; a dry run makes no request: run `greenstatus "
                    "contacts` first"
                )
            )
        from ..rules.audience import Book
        from . import contacts

        self._fetched = Book(contacts.fetch(self.settings, self.request))
        if contacts.keeps_contacts(self.settings):
            # What reading the kept copy again would give; with nothing kept the audience
            # check of a later turn stays off, as the contract says.
            self._kept = self._fetched
        return self._fetched


def audience(
    settings: Settings, *, dry_run: bool, request: dict[str, Any]
) -> Callable[[list[str] | None], tuple[list[str], list[str]]]:
    """compose.Options.audience for a status with no --except: `outbox import`'s `to`
    column goes through `participants` as post's --to does. The profile's contacts come from
    one Source: read once, fetched once at most (then kept in the journal; a dry run uses kept
    contacts only), their lookups made once. A `to` cell seen before is answered from memory:
    a plan names the same audience day after day."""
    source = Source(settings, request, dry_run=dry_run)
    turned: dict[tuple[str, ...] | None, tuple[list[str], list[str]]] = {}

    def turn(given: list[str] | None) -> tuple[list[str], list[str]]:
        if given is None and not settings.get("participants"):
            return [], []  # all contacts: nobody to check
        key = None if given is None else tuple(given)
        if key not in turned:
            turned[key] = participants(
                settings, given, [], dry_run=dry_run, request=request, source=source
            )
        return turned[key]

    return turn


def _leaves_nobody_out(entries: list[Entry], book: Book) -> list[str]:
    """A warning for each --except number that is no contact: it is ignored, but said, since
    a typo there leaves nobody out and the person meant to be left out sees the status."""
    return [
        _("--except {number} is not a contact: it leaves nobody out", number=value.split("@")[0])
        for kind, value in entries
        if kind == "number" and value.lower() not in book.status
    ]


def _check(chosen: list[str], book: Book | None) -> list[str]:
    """The audience check: a warning for each recipient the contacts say will not see it."""
    if book is None:
        return []
    from ..rules import audience

    return [
        _(
            "{number} will not see it: {reason}",
            number=digits,
            reason=audience.REASON_TEXT[why],
        )
        for digits, why in audience.will_not_see(chosen, book)
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
