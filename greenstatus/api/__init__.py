"""GREEN-API over HTTP: the instance, its methods, and the rules every request keeps.

Imported only where a request is made: its modules load requests.
"""

from .answers import MAX_RETRY_AFTER, NOT_JSON
from .contacts import get_contacts
from .exchange import call, get_settings, get_state
from .http import new_session
from .instance import Instance
from .send import hold_interrupts, release_interrupts, send_status, send_text_status
from .statuses import delete_status, get_status_statistic, get_statuses
from .upload import FileChangedError, Upload, upload_file

__all__ = [
    "MAX_RETRY_AFTER",
    "NOT_JSON",
    "FileChangedError",
    "Instance",
    "Upload",
    "call",
    "delete_status",
    "get_contacts",
    "get_settings",
    "get_state",
    "get_status_statistic",
    "get_statuses",
    "hold_interrupts",
    "new_session",
    "release_interrupts",
    "send_status",
    "send_text_status",
    "upload_file",
]
