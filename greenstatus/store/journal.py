"""The local journal: one SQLite file of every status sent or waiting, and the one way to open it.

The store owns the file, its folder, its schema and every transaction; the callers decide
what to store (the body, its fingerprint, the state) and when.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import migrations
from .contacts import Contacts
from .copies import Copies
from .db import connect
from .delivery import Delivery
from .guard import Guard
from .plans import Plans
from .queries import Queries
from .sends import Sends
from .settings import FILE_NAME, state_dir

if TYPE_CHECKING:
    from ..config import Settings


class Journal(Queries, Guard, Sends, Copies, Contacts, Plans, Delivery):
    """An open journal file; every method is one transaction or one read."""


def open_journal(settings: Settings | None = None, *, folder: Path | None = None) -> Journal:
    """Open (creating if needed) the journal; StorageError when it cannot be used."""
    del settings  # The file is one per user, shared by all profiles.
    path = (folder or state_dir()) / FILE_NAME
    connection, module = connect(path, migrations.upgrade)
    return Journal(connection, path, module)
