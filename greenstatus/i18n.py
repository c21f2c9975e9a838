"""Messages a person reads, in English and (from a gettext catalogue) Russian.

`_("Cannot read {path}", path=p)` returns a `Message`: a str holding the English text, so
`--json`, logs and every caller that treats it as a str keep English; the output package asks
it for `.translated()` when it writes for a person. Templates use `{name}` fields only.

The language: GREENSTATUS_LANG=en|ru, else LANGUAGE, LC_ALL, LC_MESSAGES and LANG as
gettext.find reads them (the first one set; a ':' list in order). Under English no catalogue
is read and this module imports nothing; a catalogue that cannot be read means English, silently.
locale.setlocale is never called: a locale the system lacks cannot end a command.
"""

from __future__ import annotations

import os
from typing import Any

# The catalogue the wheel ships, compiled from po/ru/*.po by `python -m greenstatus.msgfmt`.
CATALOGUE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "locale", "ru", "LC_MESSAGES", "greenstatus.mo"
)
LANGUAGES = ("en", "ru")
# gettext.find's order: the first variable with a value decides.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# The catalogue read for a path, or None when it could not be read; one read per process.
_loaded: dict[str, Any] = {}


def _code(name: str) -> str:
    return name.split("@")[0].split(".")[0].split("_")[0].strip().lower()


def _language_code(entry: str) -> str:
    """The language of one locale name: 'ru_RU.UTF-8' -> 'ru', 'C.UTF-8' -> 'c'."""
    code = _code(entry)
    if code == "posix":
        return "c"
    if len(code) > 3 and code.isalpha():
        # An alias such as 'russian': gettext.find expands it with locale.normalize.
        import locale

        return _code(locale.normalize(code))
    return code


def language() -> str:
    """'ru' or 'en': GREENSTATUS_LANG wins, then the locale variables as gettext reads them.

    In a ':' list the first entry we have a language for decides ('de:ru' is Russian, as
    gettext.find would find ru's catalogue there); C or POSIX, like an English entry, ends
    the search in English.
    """
    forced = os.environ.get("GREENSTATUS_LANG", "").strip().lower()
    if forced in LANGUAGES:
        return forced
    for variable in LOCALE_VARIABLES:
        value = os.environ.get(variable)
        if not value:
            continue
        for entry in value.split(":"):
            code = _language_code(entry)
            if code == "ru":
                return "ru"
            if code in ("c", "en"):
                return "en"
        return "en"
    return "en"


def _read(path: str) -> Any:
    try:
        import gettext

        with open(path, "rb") as file:
            return gettext.GNUTranslations(file)
    except Exception:
        # Missing, truncated or not a catalogue at all: English, and no word about it.
        return None


def catalogue() -> Any:
    """The Russian catalogue (a gettext.GNUTranslations) when Russian is chosen, else None."""
    if language() != "ru":
        return None
    path = CATALOGUE
    if path not in _loaded:
        _loaded[path] = _read(path)
    return _loaded[path]


def translate(text: str) -> str:
    """A fixed text (a help paragraph, a heading) in the user's language; itself if unknown."""
    found = catalogue() if text else None
    # (gettext's entry for "" is the catalogue's header, never a translation.)
    return text if found is None else str(found.gettext(text))


class Message(str):
    """English text that remembers its template and fields, to be translated when shown."""

    template: str
    fields: dict[str, Any]
    # For ngettext: both English forms, so the catalogue finds the entry and picks the form.
    forms: tuple[str, str] | None = None

    def __new__(cls, template: str, /, **fields: Any) -> Message:
        text = template.format(**fields) if fields else template
        message = super().__new__(cls, text)
        message.template = template
        message.fields = fields
        return message

    def translated(self) -> str:
        """The text in the user's language (English when no Russian is chosen or found)."""
        found = catalogue()
        if found is None:
            return str(self)
        if self.forms is not None:
            text = str(found.ngettext(*self.forms, self.fields.get("n", 1)))
        else:
            text = str(found.gettext(self.template))
        if not self.fields:
            return text
        try:
            return text.format(**{k: _shown(v) for k, v in self.fields.items()})
        except (KeyError, IndexError, ValueError):
            # A translation whose fields do not match (the catalogue test forbids it): English.
            return str(self)


def _(template: str, /, **fields: Any) -> Message:
    """Mark a message a person reads; gettext's conventional name, so extractors find it."""
    return Message(template, **fields)


def ngettext(singular: str, plural: str, n: int, /, **fields: Any) -> Message:
    """A message whose wording depends on a count n (passed to the template as {n})."""
    message = Message(singular if n == 1 else plural, n=n, **fields)
    message.forms = (singular, plural)
    return message


def localized(text: str) -> str:
    """What the output package writes for a person: a Message translated, any other str as is."""
    return text.translated() if isinstance(text, Message) else text


def _shown(value: Any) -> Any:
    # A field that is itself a Message ("{reason}") is shown in the same language.
    return value.translated() if isinstance(value, Message) else value
