"""Every message marked with `_()` or `ngettext()` in greenstatus/ has its Russian in po/ru/*.po.

A quick self-check for the messages marked by hand (issue 21): it walks the source for marked
templates and reads the PO parts with a small parser of its own, so it keeps working whatever
the catalogue machinery becomes. Run it alone to list what is missing:
`python tests/unit/test_core_catalogue.py`.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_MARKERS = {"_": 1, "ngettext": 2}


def marked() -> dict[tuple[str, ...], str]:
    """Each marked (msgid,) or (msgid, msgid_plural) and the first place it is written."""
    found: dict[tuple[str, ...], str] = {}
    for path in sorted((ROOT / "greenstatus").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            count = _MARKERS.get(name or "")
            if count is None or len(node.args) < count:
                continue
            texts = node.args[:count]
            if all(isinstance(t, ast.Constant) and isinstance(t.value, str) for t in texts):
                key = tuple(t.value for t in texts)  # type: ignore[attr-defined]
                found.setdefault(key, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _unquote(line: str) -> str:
    return str(ast.literal_eval(line.strip()))


def catalogue() -> dict[tuple[str, ...], list[str]]:
    """The entries of po/ru/*.po: (msgid,) or (msgid, msgid_plural) -> the msgstr forms."""
    entries: dict[tuple[str, ...], list[str]] = {}
    for path in sorted((ROOT / "po" / "ru").glob("*.po")):
        fields: dict[str, str] = {}
        last = ""
        for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            line = raw.strip()
            if not line or line.startswith("#"):
                if "msgid" in fields and fields["msgid"]:
                    key = (fields["msgid"],)
                    if "msgid_plural" in fields:
                        key += (fields["msgid_plural"],)
                    forms = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
                    entries[key] = forms
                if not line:
                    fields, last = {}, ""
                continue
            if line.startswith('"'):
                fields[last] += _unquote(line)
                continue
            last, _, rest = line.partition(" ")
            fields[last] = _unquote(rest)
    return entries


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def problems(entries: dict[tuple[str, ...], list[str]] | None = None) -> list[str]:
    found = marked()
    entries = catalogue() if entries is None else entries
    listed = []
    for key, where in found.items():
        forms = entries.get(key)
        if forms is None or not all(forms):
            listed.append(f"{where}: no Russian for {key[0]!r}")
            continue
        wanted = set().union(*(_placeholders(k) for k in key))
        for form in forms:
            if _placeholders(form) - wanted or (len(key) == 1 and _placeholders(form) != wanted):
                listed.append(f"{where}: placeholders differ in the Russian of {key[0]!r}")
        if len(key) == 2 and len(forms) != 3:
            listed.append(f"{where}: {key[0]!r} needs three Russian plural forms")
    return listed


def test_every_marked_message_has_russian_with_the_same_placeholders() -> None:
    assert problems() == []


def test_the_check_finds_a_missing_translation_and_a_changed_placeholder() -> None:
    # The self-check must be able to fail: a dropped entry and a renamed placeholder are reported.
    entries = catalogue()
    some = next(k for k in marked() if len(k) == 1 and _placeholders(k[0]))
    renamed = {**entries, some: [re.sub(r"\{(\w+)", r"{\1_x", entries[some][0])]}
    assert any("placeholders differ" in p for p in problems(renamed))
    dropped = {k: v for k, v in entries.items() if k != some}
    assert any("no Russian" in p for p in problems(dropped))


if __name__ == "__main__":
    print("\n".join(problems()) or "every marked message has its Russian")
