"""Text nobody here wrote (a server's answer, a journal row, a library's message) made inert.

clean() is the one sanitizer: whatever it returns cannot move the cursor, retitle the window,
write the clipboard (OSC 52), reorder what is read (bidi overrides) or start a new line.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Escape sequences go whole, parameters and payload with them: CSI (ESC [ or 0x9B), the string
# commands OSC, DCS, SOS, PM and APC (ESC ] P X ^ _, or their 8-bit forms) up to their
# terminator or the first control character, and every other two- or three-byte escape.
_SEQUENCE = (
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x00-\x1f\x7f-\x9f]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 and C1 controls, DEL, the line and paragraph separators, and the bidi marks, embeddings,
# overrides and isolates. json_text escapes those beyond C0 (json escapes C0 itself).
BEYOND_C0 = r"\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
UNSAFE_CHARS = r"\x00-\x1f" + BEYOND_C0


@functools.cache
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # Compiled on first need: most lines are plain ASCII, and start-up is the tool's cost.
    return (
        re.compile(_SEQUENCE),
        re.compile(f"[{UNSAFE_CHARS}]"),
        re.compile(f"(?![\t\n])[{UNSAFE_CHARS}]"),
    )


def clean(value: Any, *, layout: bool = False) -> str:
    """A value as one plain line: escape sequences removed, other controls made spaces, runs
    of white space made one. With layout, tabs and line breaks (our own) are kept as they are.

    None, booleans, lists and tables are not text: "".
    """
    if value is None or isinstance(value, dict | list | bool):
        return ""
    text = str(value)
    if text.isascii():
        plain = text.replace("\t", " ").replace("\n", " ") if layout else text
        if plain.isprintable():
            return text if layout else " ".join(text.split())
    sequence, unsafe, unsafe_but_layout = _compiled()
    text = sequence.sub("", text)
    if layout:
        return unsafe_but_layout.sub(" ", text)
    return " ".join(unsafe.sub(" ", text).split())
