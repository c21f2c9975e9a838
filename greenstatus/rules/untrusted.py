"""Text nobody here wrote (a server's answer, a journal row, a library's message) made inert.

clean() is the one sanitizer: whatever it returns cannot move the cursor, retitle the window,
write the clipboard (OSC 52), reorder what is read (bidi overrides) or start a new line.
"""

from __future__ import annotations

import re
from typing import Any

# Escape sequences go whole, parameters and payload with them: CSI (ESC [ or 0x9B), the string
# commands OSC, DCS, SOS, PM and APC (ESC ] P X ^ _, or their 8-bit forms) up to their
# terminator or the first control character, and every other two- or three-byte escape.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 and C1 controls, DEL, the line and paragraph separators, and the bidi marks, embeddings,
# overrides and isolates. json_text escapes those beyond C0 (json escapes C0 itself).
BEYOND_C0 = r"\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
UNSAFE_CHARS = r"\x00-\x1f" + BEYOND_C0
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
_UNSAFE_BUT_LAYOUT = re.compile(f"(?![\t\n])[{UNSAFE_CHARS}]")


def clean(value: Any, *, layout: bool = False) -> str:
    """A value as one plain line: escape sequences removed, other controls made spaces, runs
    of white space made one. With layout, tabs and line breaks (our own) are kept as they are.

    None, booleans, lists and tables are not text: "".
    """
    if value is None or isinstance(value, dict | list | bool):
        return ""
    text = _SEQUENCE.sub("", str(value))
    if layout:
        return _UNSAFE_BUT_LAYOUT.sub(" ", text)
    return " ".join(_UNSAFE.sub(" ", text).split())
