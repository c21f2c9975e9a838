"""The developer command `python -m greenstatus.msgfmt`: po/ru/*.po -> the catalogue shipped.

Each part in po/<lang>/ (core.po, help.po, one per feature) is read, the parts are joined into one
catalogue for the domain `greenstatus`, and written as a GNU .mo file that the standard
library's gettext reads, to greenstatus/locale/<lang>/LC_MESSAGES/greenstatus.mo. The output is
deterministic (sorted, little-endian, our own header), so tests/unit/test_catalogue.py can
compare the committed file with a fresh compile. `--check` only says whether it is in step.
Untranslated and fuzzy entries are left out (gettext then shows English); a msgid two parts
translate differently is an error.
"""

from __future__ import annotations

import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "po"
TARGET = Path(__file__).resolve().parent / "locale"
DOMAIN = "greenstatus"
REGENERATE = "python -m greenstatus.msgfmt"
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


@dataclass
class Entry:
    """One PO entry: the English (msgid, and msgid_plural for a count) and its translations."""

    msgid: str = ""
    plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    line: int = 0


class CatalogueError(ValueError):
    """A PO file we cannot read, or two parts that disagree."""


def _string(text: str, where: str) -> str:
    # PO strings are C strings; Python's literal syntax reads the escapes PO uses.
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        raise CatalogueError(f"{where}: not a quoted string: {text}") from None
    if not isinstance(value, str):
        raise CatalogueError(f"{where}: not a quoted string: {text}")
    return value


def read_po(path: Path) -> list[Entry]:
    """Every entry of one PO file, the header (msgid "") included."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    flags_fuzzy = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line:
            entry, target, flags_fuzzy = None, None, False
            continue
        if line.startswith("#"):
            flags_fuzzy |= line.startswith("#,") and "fuzzy" in line
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if entry is None or target is None:
                raise CatalogueError(f"{where}: a string outside an entry")
            _append(entry, target, _string(line, where))
            continue
        if keyword == "msgid":
            entry = Entry(fuzzy=flags_fuzzy, line=number)
            entries.append(entry)
            target = ("msgid", 0)
        elif entry is None:
            raise CatalogueError(f"{where}: {keyword} before msgid")
        elif keyword == "msgid_plural":
            entry.plural, target = "", ("plural", 0)
        elif keyword == "msgstr":
            entry.msgstr, target = [""], ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            entry.msgstr.extend([""] * (index + 1 - len(entry.msgstr)))
            target = ("msgstr", index)
        else:
            raise CatalogueError(f"{where}: unknown keyword {keyword}")
        _append(entry, target, _string(rest, where))
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str) -> None:
    name, index = target
    if name == "msgid":
        entry.msgid += text
    elif name == "plural":
        entry.plural = (entry.plural or "") + text
    else:
        entry.msgstr[index] += text


def translations(parts: list[Path]) -> dict[str, Entry]:
    """The translated entries of all parts by msgid; the header and fuzzy ones left out."""
    joined: dict[str, Entry] = {}
    for part in parts:
        for entry in read_po(part):
            if not entry.msgid or entry.fuzzy or not all(entry.msgstr):
                continue
            known = joined.get(entry.msgid)
            if known is not None and (known.plural, known.msgstr) != (entry.plural, entry.msgstr):
                raise CatalogueError(f"{part.name}:{entry.line}: {entry.msgid!r} differs elsewhere")
            joined[entry.msgid] = entry
    return joined


def compile_catalogue(parts: list[Path], language: str) -> bytes:
    """The .mo file for these parts (GNU format, little-endian, keys sorted)."""
    header = (
        f"Project-Id-Version: {DOMAIN}\nLanguage: {language}\nMIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
        f"Plural-Forms: {PLURAL_FORMS[language]}\n"
    )
    messages = {b"": header.encode()}
    for entry in translations(parts).values():
        msgid = entry.msgid if entry.plural is None else f"{entry.msgid}\0{entry.plural}"
        messages[msgid.encode()] = "\0".join(entry.msgstr).encode()
    keys = sorted(messages)
    ids = strs = b""
    table: list[tuple[int, int, int, int]] = []
    for key in keys:
        table.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    start = 7 * 4 + 16 * len(keys)
    originals = [n for o, length, _, _ in table for n in (length, o + start)]
    values = [n for _, _, o, length in table for n in (length, o + start + len(ids))]
    head = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    return head + struct.pack(f"<{len(originals) * 2}I", *originals, *values) + ids + strs


def compiled() -> dict[Path, bytes]:
    """Every catalogue as a fresh compile of the sources would write it."""
    return {
        TARGET / folder.name / "LC_MESSAGES" / f"{DOMAIN}.mo": compile_catalogue(
            sorted(folder.glob("*.po")), folder.name
        )
        for folder in sorted(SOURCES.iterdir())
        if folder.is_dir()
    }


def main(argv: list[str]) -> int:
    stale = [p for p, data in compiled().items() if not p.is_file() or p.read_bytes() != data]
    if "--check" in argv:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is stale; run {REGENERATE}", file=sys.stderr)
        return 1 if stale else 0
    for path, data in compiled().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
