"""GREEN-API over HTTP: the instance, its methods, and the rules every request keeps.

Imported only where a request is made. Each name loads the module that owns it on first use,
so a text post never loads the upload, the status lists or GetContacts' rules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .answers import MAX_RETRY_AFTER as MAX_RETRY_AFTER
    from .answers import NOT_JSON as NOT_JSON
    from .contacts import get_contacts as get_contacts
    from .exchange import call as call
    from .exchange import get_settings as get_settings
    from .exchange import get_state as get_state
    from .http import new_session as new_session
    from .instance import Instance as Instance
    from .send import hold_interrupts as hold_interrupts
    from .send import interrupts_in_finalizers as interrupts_in_finalizers
    from .send import release_interrupts as release_interrupts
    from .send import send_status as send_status
    from .send import send_text_status as send_text_status
    from .statuses import delete_status as delete_status
    from .statuses import get_status_statistic as get_status_statistic
    from .statuses import get_statuses as get_statuses
    from .upload import FileChangedError as FileChangedError
    from .upload import Upload as Upload
    from .upload import upload_file as upload_file

# Each public name and the module that owns it; tests/unit/test_layout.py checks that this
# table and the imports above name the same things.
_HOME = {
    **dict.fromkeys(("MAX_RETRY_AFTER", "NOT_JSON"), "answers"),
    "get_contacts": "contacts",
    **dict.fromkeys(("call", "get_settings", "get_state"), "exchange"),
    "new_session": "http",
    "Instance": "instance",
    **dict.fromkeys(
        (
            "hold_interrupts",
            "interrupts_in_finalizers",
            "release_interrupts",
            "send_status",
            "send_text_status",
        ),
        "send",
    ),
    **dict.fromkeys(("delete_status", "get_status_statistic", "get_statuses"), "statuses"),
    **dict.fromkeys(("FileChangedError", "Upload", "upload_file"), "upload"),
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    # Looked up on every use, never cached here: a patch of the owning module stays seen.
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
