"""The Russian catalogue: every message a person reads has a translation that keeps its fields,
and the committed .mo is the compile of po/ru/*.po."""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer.main

from greenstatus import msgfmt
from greenstatus.app.framework import prepare_tree
from greenstatus.app.help import CLICK_WORDS, help_msgids
from greenstatus.cli import app

PACKAGE = Path(__file__).resolve().parents[2] / "greenstatus"
PARTS = sorted((msgfmt.SOURCES / "ru").glob("*.po"))
# `{name}` fields (not `{{`), and printf-style ones (`%s`, `%(name)s`, `%d`), in order of use.
FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}|%(?:\([a-z_]+\))?[sdrf]")


def marked(root: Path = PACKAGE) -> Iterator[tuple[str, str | None, str]]:
    """Every `_("...")` and `ngettext("...", "...", n)` in the package: (msgid, plural, where)."""
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            strings = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            where = f"{path.relative_to(root.parent)}:{node.lineno}"
            if name == "_" and strings:
                yield strings[0], None, where
            elif name == "ngettext" and len(strings) >= 2:
                yield strings[0], strings[1], where


def help_texts() -> list[str]:
    """Every help entry a help screen shows: command paragraphs, epilogs, option help, and
    click's own words, walking the click model as completion.model does."""
    root = typer.main.get_command(app)
    prepare_tree(root)
    found: list[str] = list(CLICK_WORDS)

    def walk(command: click.Command, ctx: click.Context) -> None:
        found.extend(help_msgids(command.help) + help_msgids(command.epilog))
        for param in command.params:
            found.extend(help_msgids(getattr(param, "help", None)))
        for name in getattr(command, "list_commands", lambda c: [])(ctx):
            sub = command.get_command(ctx, name)  # type: ignore[attr-defined]
            walk(sub, click.Context(sub, info_name=name, parent=ctx))

    walk(root, click.Context(root, info_name="greenstatus"))
    return list(dict.fromkeys(found))


def fields(text: str) -> list[str]:
    return sorted(m.group(1) or m.group(0) for m in FIELD.finditer(text))


def untranslated(parts: list[Path], wanted: list[tuple[str, str | None, str]]) -> list[str]:
    known = msgfmt.translations(parts)
    missing = []
    for msgid, plural, where in wanted:
        entry = known.get(msgid)
        if entry is None or entry.plural != plural or (plural and len(entry.msgstr) != 3):
            missing.append(f"{where}: {msgid!r}")
    return missing


def broken_fields(parts: list[Path]) -> list[str]:
    """Entries whose translation drops, adds or changes a placeholder."""
    broken = []
    for entry in msgfmt.translations(parts).values():
        english = fields(entry.msgid) if entry.plural is None else fields(entry.plural)
        singular = fields(entry.msgid)
        for index, text in enumerate(entry.msgstr):
            # Russian's first form serves 1, 21, 31...: it keeps the plural's fields ({n}), or
            # exactly the singular's when the English singular leaves the number out.
            if fields(text) != english and not (index == 0 and fields(text) == singular):
                broken.append(f"{entry.msgid!r}: {fields(text)} != {english}")
    return broken


def test_every_marked_message_has_a_russian_translation() -> None:
    wanted = list(marked())
    assert wanted, "the AST walk found no _() call: it is looking in the wrong place"
    assert untranslated(PARTS, wanted) == []


def test_every_help_text_has_a_russian_translation() -> None:
    texts = help_texts()
    assert "Queue WhatsApp statuses through GREEN-API: text, image, video and voice." in texts
    assert untranslated(PARTS, [(t, None, "help") for t in texts]) == []


def test_no_translation_drops_adds_or_changes_a_placeholder() -> None:
    assert broken_fields(PARTS) == []


def test_the_checks_fail_on_a_missing_entry_and_a_changed_placeholder(tmp_path: Path) -> None:
    part = tmp_path / "bad.po"
    part.write_text(
        'msgid "Cannot read {path}"\nmsgstr "Не удалось прочитать {путь}"\n\n'
        'msgid "{n} entry"\nmsgid_plural "{n} entries"\n'
        'msgstr[0] "{n} запись"\nmsgstr[1] "{n} записи"\nmsgstr[2] "записей"\n\n'
        'msgid "printf %s"\nmsgstr "printf"\n\n'
        'msgid "extra"\nmsgstr "лишнее {field}"\n',
        encoding="utf-8",
    )
    assert len(broken_fields([part])) == 4
    wanted = [("Cannot read {path}", None, "a"), ("not there", None, "b")]
    assert untranslated([part], wanted) == ["b: 'not there'"]
    # A plural marked in code but translated as a single form is missing too.
    assert untranslated([part], [("{n} entry", "{n} things", "c")]) == ["c: '{n} entry'"]


def test_the_ast_walk_finds_both_spellings(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text(
        "from greenstatus import i18n\nfrom greenstatus.i18n import _, ngettext\n"
        "a = _('one {x}', x=1)\nb = i18n._('two')\nc = ngettext('{n} a', '{n} as', 2)\n"
        "d = i18n.ngettext('{n} b', '{n} bs', 2)\n",
        encoding="utf-8",
    )
    assert [(m, p) for m, p, _ in marked(package)] == [
        ("one {x}", None),
        ("two", None),
        ("{n} a", "{n} as"),
        ("{n} b", "{n} bs"),
    ]


def test_the_committed_catalogue_is_the_compile_of_the_sources() -> None:
    for path, data in msgfmt.compiled().items():
        assert path.is_file(), f"{path} is missing; run {msgfmt.REGENERATE}"
        assert path.read_bytes() == data, f"{path} is stale; run {msgfmt.REGENERATE}"


def test_gettext_reads_our_compile_with_russian_plurals(tmp_path: Path) -> None:
    part = tmp_path / "p.po"
    part.write_text(
        '# a comment\nmsgid ""\nmsgstr "Language: ru\\n"\n\n'
        '#, fuzzy\nmsgid "rough"\nmsgstr "черновик"\n\n'
        'msgid "Hello"\nmsgstr ""\n"При"\n"вет \\"мир\\"\\n"\n\n'
        'msgid "{n} entry"\nmsgid_plural "{n} entries"\n'
        'msgstr[0] "{n} запись"\nmsgstr[1] "{n} записи"\nmsgstr[2] "{n} записей"\n',
        encoding="utf-8",
    )
    mo = tmp_path / "x.mo"
    mo.write_bytes(msgfmt.compile_catalogue([part], "ru"))
    with mo.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)
    assert catalogue.gettext("Hello") == 'Привет "мир"\n'
    assert catalogue.gettext("rough") == "rough"  # fuzzy: left out
    shown = [catalogue.ngettext("{n} entry", "{n} entries", n) for n in (1, 3, 5, 21, 11, 112)]
    assert shown == ["{n} запись", "{n} записи", "{n} записей", "{n} запись"] + ["{n} записей"] * 2


def test_two_parts_that_disagree_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_text('msgid "Hi"\nmsgstr "Привет"\n', encoding="utf-8")
    (tmp_path / "b.po").write_text('msgid "Hi"\nmsgstr "Здравствуйте"\n', encoding="utf-8")
    (tmp_path / "c.po").write_text('msgid "Hi"\nmsgstr "Привет"\n', encoding="utf-8")
    assert msgfmt.translations([tmp_path / "a.po", tmp_path / "c.po"])["Hi"].msgstr == ["Привет"]
    with pytest.raises(msgfmt.CatalogueError, match="b.po:1"):
        msgfmt.translations(sorted(tmp_path.glob("*.po")))
