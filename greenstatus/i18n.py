"""Messages a person reads, in English and (from a gettext catalogue) Russian.

`_("Cannot read {path}", path=p)` returns a `Message`: a str holding the English text, so
`--json`, logs and every caller that treats it as a str keep English; the output package asks
it for `.translated()` when it writes for a person. Templates use `{name}` fields only.
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """English text that remembers its template and fields, to be translated when shown."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, /, **fields: Any) -> Message:
        text = template.format(**fields) if fields else template
        message = super().__new__(cls, text)
        message.template = template
        message.fields = fields
        return message

    def translated(self) -> str:
        """The text in the user's language; English until the catalogue is wired (issue 21)."""
        return str(self)


def _(template: str, /, **fields: Any) -> Message:
    """Mark a message a person reads; gettext's conventional name, so extractors find it."""
    return Message(template, **fields)


def ngettext(singular: str, plural: str, n: int, /, **fields: Any) -> Message:
    """A message whose wording depends on a count n (passed to the template as {n})."""
    return Message(singular if n == 1 else plural, n=n, **fields)


def localized(text: str) -> str:
    """What the output package writes for a person: a Message translated, any other str as is."""
    return text.translated() if isinstance(text, Message) else text
