"""GetContacts: the instance's contact list, from which GREEN-API picks who sees statuses."""

from __future__ import annotations

from typing import Any

from ..rules import audience
from .answers import _answer
from .exchange import _exchange
from .instance import Instance


def get_contacts(instance: Instance, **options: Any) -> list[audience.Contact]:
    """GET getContacts: `[{"id", "name", "contactName", "type"}, ...]`, in the server's order,
    items as they came (token scrubbed). Paced at 1 request a second per instance (pacing).

    Raises TemporaryError (exit 75) for an answer of any other shape (rules.audience), and the
    usual request errors (api.exchange). Reference: green-api.md, GetContacts.
    """
    response = _exchange(instance, "getContacts", http_method="GET", **options)
    return audience.contacts_from_answer(_answer(response, instance))
