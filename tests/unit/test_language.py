"""Which language a person gets: GREENSTATUS_LANG, then the locale variables as gettext.find
reads them; English when the catalogue cannot be read; nothing loaded under English."""

from __future__ import annotations

import gettext
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenstatus import i18n
from greenstatus.i18n import _, localized, ngettext

VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def no_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (*VARIABLES, "GREENSTATUS_LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n._loaded.clear()
    yield
    i18n._loaded.clear()


@pytest.mark.parametrize("variable", VARIABLES)
@pytest.mark.parametrize("value", ["ru", "ru_RU.UTF-8", "ru_KZ.UTF-8", "ru_UA@euro", "russian"])
def test_any_russian_locale_in_any_variable_gives_russian(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert i18n.language() == "ru"
    assert localized(_("Options")) == "Параметры"


@pytest.mark.parametrize("value", ["en_US.UTF-8", "de_DE.UTF-8", "C", "C.UTF-8", "POSIX", ""])
def test_anything_else_gives_english(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("LANG", value)
    assert i18n.language() == "en"
    assert localized(_("Options")) == "Options"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        # The first variable with a value decides, in gettext.find's order.
        ({"LANGUAGE": "ru", "LC_ALL": "en_US.UTF-8"}, "ru"),
        ({"LANGUAGE": "en", "LC_ALL": "ru_RU.UTF-8"}, "en"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, "en"),
        ({"LC_ALL": "ru_RU.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "ru"),
        ({"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LC_MESSAGES": "C", "LANG": "ru_RU.UTF-8"}, "en"),
        # An empty variable is passed over, as gettext does.
        ({"LANGUAGE": "", "LANG": "ru_RU.UTF-8"}, "ru"),
        # A ':' list: a language with no catalogue is passed over; C or English ends it.
        ({"LANGUAGE": "de:ru", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LANGUAGE": "en:ru"}, "en"),
        ({"LANGUAGE": "C:ru"}, "en"),
        ({"LANGUAGE": "de:fr", "LANG": "ru_RU.UTF-8"}, "en"),
    ],
)
def test_the_order_of_the_variables(
    monkeypatch: pytest.MonkeyPatch, settings: dict[str, str], expected: str
) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    assert i18n.language() == expected


@pytest.mark.parametrize(
    ("forced", "locale", "expected"),
    [
        ("ru", "en_US.UTF-8", "ru"),
        ("en", "ru_RU.UTF-8", "en"),
        ("RU", "C", "ru"),
        ("de", "ru", "ru"),
    ],
)
def test_greenstatus_lang_wins(
    monkeypatch: pytest.MonkeyPatch, forced: str, locale: str, expected: str
) -> None:
    monkeypatch.setenv("LANGUAGE", locale)
    monkeypatch.setenv("GREENSTATUS_LANG", forced)
    assert i18n.language() == expected


@pytest.mark.parametrize(
    "content", [b"", b"not a catalogue at all", b"\xde\x12\x04\x95" + b"\0" * 3]
)
def test_a_catalogue_that_cannot_be_read_means_english_silently(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    content: bytes,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = tmp_path / "greenstatus.mo"
    broken.write_bytes(content)
    monkeypatch.setattr(i18n, "CATALOGUE", str(broken))
    monkeypatch.setenv("GREENSTATUS_LANG", "ru")
    assert localized(_("Cannot read {path}", path="/x")) == "Cannot read /x"
    assert i18n.translate("Options") == "Options"
    assert capsys.readouterr() == ("", "")


def test_a_missing_catalogue_means_english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(i18n, "CATALOGUE", str(tmp_path / "nowhere.mo"))
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert localized(_("Options")) == "Options"


def test_messages_translate_with_their_fields_and_plural_forms(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from greenstatus import msgfmt

    part = tmp_path / "t.po"
    part.write_text(
        'msgid "Cannot read {path}: {why}"\nmsgstr "Не удалось прочитать {path}: {why}"\n\n'
        'msgid "denied"\nmsgstr "доступ запрещён"\n\n'
        'msgid "{n} entry"\nmsgid_plural "{n} entries"\n'
        'msgstr[0] "{n} запись"\nmsgstr[1] "{n} записи"\nmsgstr[2] "{n} записей"\n\n'
        'msgid "bad {field}"\nmsgstr "плохо {поле}"\n',
        encoding="utf-8",
    )
    catalogue = tmp_path / "greenstatus.mo"
    catalogue.write_bytes(msgfmt.compile_catalogue([part], "ru"))
    monkeypatch.setattr(i18n, "CATALOGUE", str(catalogue))
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    message = _("Cannot read {path}: {why}", path="/a", why=_("denied"))
    # The str is English (for --json and logs); a person sees Russian, nested fields too.
    assert str(message) == "Cannot read /a: denied"
    assert localized(message) == "Не удалось прочитать /a: доступ запрещён"
    counts = [localized(ngettext("{n} entry", "{n} entries", n)) for n in (1, 2, 5, 21)]
    assert counts == ["1 запись", "2 записи", "5 записей", "21 запись"]
    # A translation whose fields do not match falls back to English instead of failing.
    assert localized(_("bad {field}", field="x")) == "bad x"
    assert localized("plain str") == "plain str"
    monkeypatch.setenv("GREENSTATUS_LANG", "en")
    assert localized(message) == "Cannot read /a: denied"


def test_english_loads_no_catalogue_and_not_even_gettext() -> None:
    code = (
        "import sys\nfrom greenstatus import i18n\n"
        "m = i18n._('Options')\nassert i18n.localized(m) == 'Options'\n"
        "assert i18n.translate('Usage:') == 'Usage:'\n"
        "assert 'gettext' not in sys.modules and 'locale' not in sys.modules, sorted(sys.modules)\n"
        "assert i18n._loaded == {}\n"
    )
    env = {"LANG": "en_US.UTF-8", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_russian_never_calls_setlocale(monkeypatch: pytest.MonkeyPatch) -> None:
    import locale

    def refuse(*args: object) -> str:
        raise locale.Error("unsupported locale setting")

    monkeypatch.setattr(locale, "setlocale", refuse)
    monkeypatch.setenv("LC_ALL", "ru_RU.UTF-8")
    assert localized(_("Options")) == "Параметры"
    assert isinstance(i18n.catalogue(), gettext.GNUTranslations)


def test_drawn_renderables_show_their_messages_in_russian(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the renderers hand to Rich (markup, a panel, a table's title, headers and cells, a
    group) is drawn in the person's language, and the same objects stay English in English."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    from greenstatus.output import terminal

    def picture() -> Group:
        table = Table(title=_("Commands"))
        table.add_column(_("Options"))
        table.add_row(_("Arguments"))
        return Group(_("Usage:"), Panel(table, title=_("Examples"), subtitle=_("Example")))

    monkeypatch.setenv("COLUMNS", "60")
    terminal.draw(picture())
    english = capsys.readouterr().out
    assert all(w in english for w in ("Usage:", "Commands", "Options", "Arguments", "Example"))
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    terminal.draw(picture())
    russian = capsys.readouterr().out
    for word in ("Использование:", "Команды", "Параметры", "Аргументы", "Примеры", "Пример"):
        assert word in russian, russian
    assert "Options" not in russian
