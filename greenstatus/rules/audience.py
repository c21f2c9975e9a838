"""Who will see a status: GetContacts' list, names matched to it, and the audience check.

Contacts are GetContacts' items, in its order: `{"id": "79001234567@c.us", "name": "...",
"contactName": "...", "type": "user" | "group"}` (GET …/getContacts/…; reference: green-api.md,
https://green-api.com.kz/docs/api/service/GetContacts/). GREEN-API's status pages give the rules:
only contacts with a `contactName` see statuses, only the first 1024 of them, and unknown numbers
in `participants` are skipped without a word. Every text field is the server's: it may be
missing, null, blank, or carry control characters and escapes, so it is compared here, cleaned
before it is shown, and never trusted to be either.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from ..errors import TemporaryError, UsageError
from ..i18n import _
from .statuses import clean

Contact = Mapping[str, Any]
Reason = Literal["no_contact_name", "beyond_1024", "group", "other"]
Unseen = Literal["not_a_contact", "no_contact_name", "beyond_1024", "group", "other"]

SEES_LIMIT = 1024  # "statuses are sent only to the first 1024 contacts … with a valid contactName"
REASON_TEXT: dict[str, str] = {
    "not_a_contact": _("not a contact"),
    "no_contact_name": _("not saved (no contactName)"),
    "beyond_1024": _("beyond the first 1024"),
    "group": _("group"),
    "other": _("not a person's contact"),
}
_TEXT_FIELDS = ("name", "contactName", "type")
# A tuple, not `str | None`: isinstance of a union is slower, and the kept copy of 5,000
# contacts is checked again on every post that reads it.
_TEXT = (str, type(None))
_PHONE_ID = re.compile(r"[0-9]{7,15}@c\.us")


def contacts_from_answer(answer: Any) -> list[Contact]:
    """GetContacts' answer, checked: a list of objects with a string `id`, and `name`,
    `contactName` and `type` each a string, null or missing (issue #792: names come back empty).

    Raises TemporaryError (exit 75) for any other shape, naming the item but none of its text.
    Items are returned as they came, so `--json` can carry them exactly.
    """
    if not isinstance(answer, list):
        raise TemporaryError(
            _("GetContacts answered {kind}, not a list of contacts", kind=_kind(answer))
        )
    for index, item in enumerate(answer):
        if not isinstance(item, dict):
            raise TemporaryError(
                _(
                    "GetContacts item {index} is {kind}, not an object",
                    index=index,
                    kind=_kind(item),
                )
            )
        if not isinstance(item.get("id"), str):
            raise TemporaryError(_("GetContacts item {index} has no string id", index=index))
        for field in _TEXT_FIELDS:
            if not isinstance(item.get(field), _TEXT):
                raise TemporaryError(
                    _(
                        "GetContacts item {index} has {field} as {kind}, not a string",
                        index=index,
                        field=field,
                        kind=_kind(item[field]),
                    )
                )
    return answer


def _kind(value: Any) -> str:
    kinds = {dict: _("an object"), list: _("a list"), str: _("a string"), type(None): _("null")}
    return kinds.get(type(value), _("a {type}", type=type(value).__name__))


def _clean(text: str) -> str:
    # statuses.clean walks every character in Python, 5,000 names twice over; a printable
    # name, most of them, holds nothing it removes (controls and bidi marks are not
    # printable), so collapsing white space gives the same line.
    return " ".join(text.split()) if text.isprintable() else clean(text)


def _text(contact: Contact, field: str) -> str:
    value = contact.get(field)
    return value if isinstance(value, str) else ""


def reasons(contacts: Sequence[Contact]) -> list[Reason | None]:
    """For each contact, in order, why it cannot see statuses, or None when it can.

    It can when its `type` is `user`, its `contactName` is not empty or blank, and it is among
    the first SEES_LIMIT such contacts in GetContacts' order. Reasons: `group`, `other` (any
    other type), `no_contact_name`, `beyond_1024`.
    """
    out: list[Reason | None] = []
    saved = 0
    for contact in contacts:
        kind = contact.get("type")
        if kind != "user":
            out.append("group" if kind == "group" else "other")
        elif not _text(contact, "contactName").strip():
            out.append("no_contact_name")
        else:
            saved += 1
            out.append(None if saved <= SEES_LIMIT else "beyond_1024")
    return out


def viewers(contacts: Book | Sequence[Contact]) -> list[str]:
    """The ids of the contacts who can see statuses, in GetContacts' order, each once; only
    `<digits>@c.us` ids, since they become `participants`."""
    book = Book.of(contacts)
    seen: dict[str, None] = {}
    for contact, reason in zip(book.contacts, book.reasons, strict=True):
        if reason is None and _PHONE_ID.fullmatch(_text(contact, "id")):
            seen.setdefault(_text(contact, "id"), None)
    return list(seen)


def contacts_line(name: str) -> str:
    """A contactName as one line of `contacts.txt`: no control characters, no line breaks,
    no bidi overrides, white space runs made one space. "" when nothing printable is left."""
    return _clean(name)


def contacts_lines(contacts: Sequence[Contact]) -> list[str]:
    """The lines of `contacts.txt`: the contactName of every contact that can see statuses,
    cleaned by contacts_line, each once, in GetContacts' order; the completion scripts read it."""
    lines: dict[str, None] = {}
    for contact, reason in zip(contacts, reasons(contacts), strict=True):
        line = contacts_line(_text(contact, "contactName"))
        if reason is None and line:
            lines.setdefault(line, None)
    return list(lines)


def name_key(text: str) -> str:
    """What two names must share to match: cleaned as contacts.txt is (so a name completed from
    it matches the raw contactName), composed (NFC, as macOS input may not be) and casefolded."""
    if text.isascii() and text.isprintable():
        # Most names of a 5,000-contact list: nothing to clean or compose.
        return " ".join(text.split()).lower()
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", _clean(text)).casefold())


def name_keys(texts: list[str]) -> list[str]:
    """[name_key(text) for text in texts], for a whole contact list at once: when every text is
    printable ASCII without a space at either end or two together (most lists), name_key
    would only lower each, so all are lowered in one call instead of 5,000."""
    if texts and all(map(str.isascii, texts)) and all(map(str.isprintable, texts)):
        joined = "\n".join(texts)  # printable texts hold no line break
        ends = joined[:1] + joined[-1:]
        if " " not in ends and not any(space in joined for space in ("  ", " \n", "\n ")):
            return joined.lower().split("\n")
    return [name_key(text) for text in texts]


def _shown(contact: Contact) -> str:
    name = _clean(_text(contact, "contactName")) or _clean(_text(contact, "name"))
    return f"{name!r} ({_text(contact, 'id').removesuffix('@c.us')})"


class Names:
    """Contacts of type `user` by name_key of `contactName` and of `name`; built once, so 1,000
    names against 5,000 contacts cost one pass. Groups, other types and ids that are not
    `<digits>@c.us` never match: whatever matches is sent as a participant. The index of `name`
    is made on its first use: a name found by its contactName never needs it."""

    def __init__(self, contacts: Sequence[Contact]) -> None:
        self.people: list[Contact] = [
            contact
            for contact in contacts
            if contact.get("type") == "user" and _PHONE_ID.fullmatch(_text(contact, "id"))
        ]
        self.by_contact_name = self._index("contactName")
        self._by_name: dict[str, list[Contact]] | None = None

    @property
    def by_name(self) -> dict[str, list[Contact]]:
        """The people by name_key of their WhatsApp `name`."""
        if self._by_name is None:
            self._by_name = self._index("name")
        return self._by_name

    def _index(self, field: str) -> dict[str, list[Contact]]:
        index: dict[str, list[Contact]] = {}
        texts = [_text(contact, field) for contact in self.people]
        for contact, key in zip(self.people, name_keys(texts), strict=True):
            if not key:
                continue  # an empty or blank name is in no index
            if key in index:
                index[key].append(contact)
            else:
                index[key] = [contact]
        return index

    def has(self, key: str) -> bool:
        """Whether a name_key is some person's contactName or name."""
        return key in self.by_contact_name or key in self.by_name

    def match(self, name: str) -> str:
        """The id of the one contact called name: its `contactName`, without regard to case, and
        only when no contactName matches, its `name`.

        Raises UsageError (exit 2) when none matches, with up to 3 close names ("did you mean"),
        or when several do, listing each by name and number.
        """
        key = name_key(name)
        found = self.by_contact_name.get(key) or self.by_name.get(key, [])
        ids = {_text(c, "id"): c for c in found}
        if len(ids) == 1:
            return next(iter(ids))
        if ids:
            listed = ", ".join(_shown(c) for c in ids.values())
            raise UsageError(
                _(
                    "{name} matches {n} contacts: {listed}; give the number instead",
                    name=repr(_clean(name)),
                    n=len(ids),
                    listed=listed,
                )
            )
        close = self._close(key)
        if not close:
            raise UsageError(
                _(
                    "no contact is called {name}; `greenstatus contacts` lists them",
                    name=repr(_clean(name)),
                )
            )
        raise UsageError(
            _(
                "no contact is called {name}; did you mean {close}?",
                name=repr(_clean(name)),
                close=", ".join(close),
            )
        )

    def _close(self, key: str) -> list[str]:
        """Up to 3 names close to key, as shown (cleaned, quoted)."""
        shown: dict[str, str] = {}
        for index, field in ((self.by_contact_name, "contactName"), (self.by_name, "name")):
            for candidate, contacts in index.items():
                shown.setdefault(candidate, _clean(_text(contacts[0], field)))
        close = difflib.get_close_matches(key, list(shown), n=3) if key else []
        return [repr(shown[k]) for k in close]


class Book:
    """One contact list and the lookups the audience rules make of it, each made once, on first
    use: the reasons, the Names index, each id's reason. sending.recipients makes one Book when
    it reads (or fetches) a profile's contacts and hands it to every turn of recipients into
    participants: a post, each profile of a post on several, each row of `outbox import` (1,000
    rows naming 1,000 contacts make one index, not 1,000).

    contacts: GetContacts' items in its order, checked by contacts_from_answer; never changed
    after the Book is made.
    """

    def __init__(self, contacts: Sequence[Contact]) -> None:
        self.contacts = contacts
        self._reasons: list[Reason | None] | None = None
        self._names: Names | None = None
        self._status: dict[str, Reason | None] | None = None

    @classmethod
    def of(cls, contacts: Book | Sequence[Contact]) -> Book:
        """contacts itself when it is a Book, else a Book of the list."""
        return contacts if isinstance(contacts, Book) else cls(contacts)

    @property
    def reasons(self) -> list[Reason | None]:
        """reasons(contacts), made once."""
        if self._reasons is None:
            self._reasons = reasons(self.contacts)
        return self._reasons

    @property
    def names(self) -> Names:
        """Names(contacts), made once."""
        if self._names is None:
            self._names = Names(self.contacts)
        return self._names

    @property
    def status(self) -> dict[str, Reason | None]:
        """Each id, lower-cased, and why it cannot see statuses (None when it can); an id
        listed twice sees statuses if either listing does."""
        if self._status is None:
            status: dict[str, Reason | None] = {}
            for contact, reason in zip(self.contacts, self.reasons, strict=True):
                ident = contact.get("id")
                ident = ident.lower() if isinstance(ident, str) else ""
                if status.get(ident, "") is not None:
                    status[ident] = reason
            self._status = status
        return self._status


def refuse_split_names(values: Iterable[str], contacts: Book | Sequence[Contact]) -> None:
    """UsageError (exit 2) for a command-line value with a comma that is, whole, one contact's
    name: split on its commas ("Smith, John", as TAB offers it) it would name other people,
    sending to them (-t) or to the very contact meant to be left out (--except)."""
    book = Book.of(contacts)  # its Names is made only if a value has a comma
    for value in values:
        if "," in value and book.names.has(name_key(value)):
            raise UsageError(
                _(
                    "{name} is one contact's name, but -t and --except split on commas: give "
                    "its number, or put the name in a --to-file",
                    name=repr(_clean(value)),
                )
            )


def _matched(entries: Iterable[tuple[str, str]], book: Book) -> Iterable[str]:
    """Each entry's id: a number's as read, a name's by Names.match (UsageError, exit 2)."""
    for kind, value in entries:
        yield book.names.match(value) if kind == "name" else value


def resolve(entries: Iterable[tuple[str, str]], contacts: Book | Sequence[Contact]) -> list[str]:
    """The `participants` list for rules.phones entries: ("number", "<digits>@c.us") kept, and
    ("name", text) matched by Names.match; duplicates dropped keeping the first one's place.

    Never empty: no entries, or any name that does not match exactly one contact, is
    UsageError (exit 2), so naming recipients can never fall back to all contacts.
    """
    ids = dict.fromkeys(_matched(entries, Book.of(contacts)))
    if not ids:
        raise UsageError(_("no recipients: an empty audience is never widened to all contacts"))
    return list(ids)


def everyone_except(
    entries: Iterable[tuple[str, str]], contacts: Book | Sequence[Contact]
) -> list[str]:
    """`--except`: the ids of every contact who can see statuses, minus the entries.

    Names must match as in resolve (else UsageError); a number that is no contact is ignored.
    An empty result is UsageError (exit 2): the audience is never widened to all contacts.
    """
    book = Book.of(contacts)
    excluded = {ident.lower() for ident in _matched(entries, book)}
    everyone = viewers(book)
    left = [ident for ident in everyone if ident.lower() not in excluded]
    if not left:
        raise UsageError(
            _(
                "--except leaves nobody: {n} contacts can see statuses and all are excepted; "
                "an empty audience is never widened to all contacts",
                n=len(everyone),
            )
        )
    return left


def will_not_see(
    recipients: Iterable[str], contacts: Book | Sequence[Contact]
) -> list[tuple[str, Unseen]]:
    """The audience check: (digits, reason) for each `<digits>@c.us` recipient who will not see
    the status, in the recipients' order, once each. Reasons: `not_a_contact`,
    `no_contact_name`, `beyond_1024`, and `group`/`other` for an id listed with such a type.
    REASON_TEXT has the words; the caller warns "will not see it" for each.
    """
    status = Book.of(contacts).status
    out: dict[str, Unseen] = {}
    for ident in recipients:
        key = ident.lower()
        why: Unseen | None = status[key] if key in status else "not_a_contact"
        if why is not None:
            out.setdefault(ident.removesuffix("@c.us"), why)
    return list(out.items())
