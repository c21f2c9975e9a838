"""`greenstatus contacts`: who can see your statuses, and why not.

Names are the server's, untrusted: cells are cleaned (rules.audience.contacts_line) and drawn as
rich.text.Text, never markup; `--json` carries them exactly through the one JSON writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..i18n import _, ngettext
from ..rules import audience
from . import terminal
from .streams import out, out_json


def _field(contact: audience.Contact, key: str) -> str:
    value = contact.get(key)
    return audience.contacts_line(value) if isinstance(value, str) else ""


def contacts_json(contacts: Sequence[audience.Contact]) -> list[dict[str, Any]]:
    """`--json`'s objects: id, name, contactName, type as the server sent them, sees_statuses
    and reason (null, no_contact_name, beyond_1024, group or other)."""
    return [
        {
            "id": c.get("id"),
            "name": c.get("name"),
            "contactName": c.get("contactName"),
            "type": c.get("type"),
            "sees_statuses": reason is None,
            "reason": reason,
        }
        for c, reason in zip(contacts, audience.reasons(contacts), strict=True)
    ]


def contact_list(contacts: Sequence[audience.Contact], *, title: str, as_json: bool) -> None:
    """The contacts as JSON, as `digits<TAB>contactName<TAB>name<TAB>yes|no` lines when piped,
    or on a terminal a table (number, contact name, WhatsApp name, sees statuses or why not)
    with a summary: N contacts, M can see statuses."""
    if as_json:
        out_json(contacts_json(contacts))
        return
    reasons = audience.reasons(contacts)
    rows = [
        (
            _field(c, "id").partition("@")[0],
            _field(c, "contactName"),
            _field(c, "name"),
            reason,
        )
        for c, reason in zip(contacts, reasons, strict=True)
    ]
    if not terminal.is_terminal():
        for digits, contact_name, name, reason in rows:
            out("\t".join((digits, contact_name, name, "yes" if reason is None else "no")))
        return
    seeing = sum(reason is None for reason in reasons)
    summary = ngettext(
        "{n} contact, {seeing} can see statuses",
        "{n} contacts, {seeing} can see statuses",
        len(rows),
        seeing=seeing,
    )
    _table(rows, title, summary)


def _table(rows: Sequence[tuple[str, str, str, str | None]], title: str, summary: str) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ..i18n import localized

    names = [_("number"), _("contact name"), _("WhatsApp name"), _("sees statuses")]
    table = Table(
        title=Text(localized(title)),
        title_justify="left",
        caption=Text(localized(summary)),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for header in names:
        table.add_column(localized(header), overflow="fold")
    records = []
    for digits, contact_name, name, reason in rows:
        seen = (
            Text(localized(_("yes")), style="green")
            if reason is None
            else Text(localized(audience.REASON_TEXT[reason]), style="yellow")
        )
        cells = [Text(digits), Text(contact_name), Text(name), seen]
        table.add_row(*cells)
        records.append([(localized(n), c) for n, c in zip(names, cells, strict=True)])
    records.append([(localized(_("summary")), Text(localized(summary)))])
    terminal.fit([table], records)
