"""The contacts a command works with: the kept copy (24 hours), a fresh GetContacts, and
`contacts.txt`, the names the completion scripts offer.

A copy is kept only with the journal on and an id_instance, since it is one instance's list;
with the journal off every need fetches again and nothing is written, `contacts.txt` included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import output
from ..i18n import _
from ..rules import audience

if TYPE_CHECKING:
    from ..config import Settings
    from ..rules.audience import Book, Contact


def keeps_contacts(settings: Settings) -> bool:
    """Whether contacts are kept for this profile: the journal is on and it names an instance."""
    from .. import store

    return bool(settings.get("id_instance")) and store.enabled(settings)


def kept(settings: Settings) -> Book | None:
    """The profile's instance's contacts, kept within the last 24 hours, else None; as one
    rules.audience.Book, so whoever turns recipients with them makes each lookup once."""
    found = kept_copy(settings)
    return None if found is None else audience.Book(found[0])


def kept_copy(settings: Settings) -> tuple[list[Contact], float] | None:
    """The kept contacts and when they were fetched (epoch seconds), if within 24 hours.

    No journal file means none kept, and none is created for the question. A kept copy that
    no longer reads as GetContacts' shape counts as none: the next need fetches again.
    """
    from .. import store

    if not keeps_contacts(settings) or not store.journal_path().exists():
        return None
    with store.open_journal(settings) as opened:
        copy = opened.kept_contacts(str(settings.get("id_instance")))
    if copy is None:
        return None
    import json

    from ..errors import TemporaryError

    try:
        return audience.contacts_from_answer(json.loads(copy.body)), copy.fetched
    except (ValueError, RecursionError, TemporaryError):
        return None


def fetch(settings: Settings, request: dict[str, Any]) -> list[Contact]:
    """GetContacts now (request: timeout, retries, log), kept with contacts.txt when the
    profile keeps contacts. TemporaryError (exit 75) for an answer of an unknown shape."""
    from .. import api

    contacts = api.get_contacts(api.Instance.for_settings(settings), **request)
    if keeps_contacts(settings):
        import json

        from .. import store

        with store.open_journal(settings) as opened:
            body = json.dumps(contacts, ensure_ascii=False, separators=(",", ":"))
            opened.keep_contacts(str(settings.get("id_instance")), body)
        write_names(contacts)
    return contacts


def write_names(contacts: list[Contact]) -> None:
    """contacts.txt: the cleaned contactName of each contact who can see statuses, one a line;
    0600 in the 0700 state folder, replaced whole. A failure is a warning: only TAB needs it."""
    from ..config.paths import contacts_file, private
    from ..config.write import atomic_write

    path = contacts_file()
    lines = audience.contacts_lines(contacts)
    try:
        private(path.parent, folder=True)
        atomic_write(path, "".join(line + "\n" for line in lines))
    except OSError as exc:
        output.warn(
            _(
                "cannot write {path} for the completion scripts: {reason}",
                path=str(path),
                reason=exc.strerror or str(exc),
            )
        )
