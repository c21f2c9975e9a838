"""The one scrubber: registered secrets masked in anything shown, spelled any way."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable

from ..i18n import localized
from ..rules.untrusted import clean

_secrets: set[str] = set()


def register_secret(secret: str | None) -> None:
    """Remember a secret so nothing printed afterwards can show it whole."""
    if secret and len(secret) >= 4:
        _secrets.add(secret)


def forget_secrets() -> None:
    """Forget every secret (for tests that run many commands in one process)."""
    from ..config import SEEN_SECRETS

    _secrets.clear()
    SEEN_SECRETS.clear()


def scrub(text: str, extra: Iterable[str] = ()) -> str:
    """Mask every registered secret (and any in extra), and any FRAGMENT characters of one in a
    row, in any letter case and in any mix of %XX, JSON and repr escapes."""
    if len(text) < 4:
        return text
    # config.tokens holds every secret a config file showed; until something loaded it, no
    # file was read, so there is none (and `--version` need not load the config package).
    tokens = sys.modules.get("greenstatus.config.tokens")
    seen: Iterable[str] = tokens.SEEN_SECRETS if tokens is not None else ()
    for secret in {*_secrets, *seen, *(s for s in extra if s and len(s) >= 4)}:
        masker = _maskers.get(secret) or _maskers.setdefault(secret, _Masker(secret))
        text = masker.runs.sub(masker.mask_run, text)
    return text


FRAGMENT = 8
# One character as a message may spell it: %XX (or %25XX, encoded twice), a JSON or repr
# escape, or the character itself.
_ESCAPES = r"%(?:25)?([0-9A-Fa-f]{2})|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})|\\([\\\"'/])"
_UNIT = f"(?s){_ESCAPES}|(.)"


def _fold(text: str) -> str:
    """Lower case, keeping one character for one (so positions still line up)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) > 1 else c.lower() for c in text)


class _Masker:
    """One secret's pattern: runs of at least FRAGMENT (all, if shorter) characters it is made
    of, spelled any way; mask_run then finds the secret's own pieces in a run, decoded."""

    def __init__(self, secret: str) -> None:
        from ..config import mask

        least = min(FRAGMENT, len(secret))
        raw = "[" + "".join(re.escape(c) for c in sorted(set(secret))) + "]"
        self.runs = re.compile(f"(?:{_ESCAPES}|{raw}){{{least},}}", re.I)
        self.secret = _fold(secret)
        grams = {self.secret[i : i + least] for i in range(len(secret) - least + 1)}
        self.grams = re.compile("|".join(map(re.escape, sorted(grams))))
        self.mask = mask(secret)

    def mask_run(self, match: re.Match[str]) -> str:
        run = match.group(0)
        if "%" in run or "\\" in run:
            spelled = list(re.finditer(_UNIT, run))
            units = [(u.start(), u.end()) for u in spelled]
            chars = _fold("".join(map(_decoded, spelled)))
        else:
            units, chars = [], _fold(run)
        parts: list[str] = []
        start = i = 0
        while found := self.grams.search(chars, i):
            i, end = found.start(), found.end()
            while end < len(chars) and chars[i : end + 1] in self.secret:
                end += 1
            begin, finish = (units[i][0], units[end - 1][1]) if units else (i, end)
            parts.append(run[start:begin])
            parts.append(self.mask if chars[i:end] == self.secret else "…")
            start, i = finish, end
        parts.append(run[start:])
        return "".join(parts)


_maskers: dict[str, _Masker] = {}


def _decoded(unit: re.Match[str]) -> str:
    byte, code, escaped, quoted, raw = unit.groups()
    if raw is not None:
        return raw
    if quoted is not None:
        return quoted
    return chr(int(byte or code or escaped, 16))


def one_line(text: str, limit: int | None = None, extra: Iterable[str] = ()) -> str:
    """Text made safe to show a person: in their language (a Message), scrubbed, then one line,
    then shortened.

    The order matters: scrubbing after a cut would leave most of a secret standing, and the
    translation is scrubbed too. (What a script reads, such as --json, takes str() first.)
    """
    text = clean(scrub(localized(text), extra))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
