"""`fonts` in its three modes, and the dry-run preview card."""

from __future__ import annotations

import json
import re

import pytest
from rich.console import Console
from typer.testing import CliRunner

from greenstatus import compose, output
from greenstatus.cli import app
from greenstatus.config import resolve


@pytest.fixture
def on_terminal(on_terminal: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The shared terminal, with Rich drawing in true colour."""
    monkeypatch = on_terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLORTERM", "truecolor")
    return monkeypatch


def test_fonts_piped_is_one_name_a_line_in_api_order(runner: CliRunner) -> None:
    result = runner.invoke(app, ["fonts"])
    assert result.exit_code == 0
    assert result.stdout == "SERIF\nSANS_SERIF\nNORICAN_REGULAR\nBRYNDAN_WRITE\nOSWALD_HEAVY\n"


def test_fonts_json_is_a_list_of_objects(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["fonts", "--json"]).stdout)
    assert [f["name"] for f in data][0] == "SERIF" and len(data) == 5
    norican = next(f for f in data if f["name"] == "NORICAN_REGULAR")
    assert norican["style"] == "script" and norican["note"] == "Latin letters only"


def test_fonts_on_a_terminal_is_a_table(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = runner.invoke(app, ["fonts"])
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "┃ name" in plain and "heavy condensed" in plain and "Latin letters only" in plain
    assert "\x1b[" in result.stdout


def render(text: str, color: str = "#8B0000", font: str | None = "SERIF") -> tuple[str, str]:
    prepared = compose.prepare(
        text.encode(), compose.Options(color=color, font=font, to=["79001234567"]), resolve()
    )
    request, preview = compose.describe(prepared, resolve())
    console = Console(record=True, width=100, color_system="truecolor", force_terminal=True)
    console.print(output.preview_card(preview, request))
    return console.export_text(styles=False, clear=False), console.export_text(styles=True)


def test_preview_card_fills_the_background_and_wraps_like_a_phone() -> None:
    plain, styled = render("Fresh croissants until noon today, and coffee is on the house")
    assert "48;2;139;0;0" in styled, "background #8B0000 in true colour"
    assert "38;2;255;255;255" in styled, "white text"
    lines = [line for line in plain.splitlines() if "croissants" in line or "coffee" in line]
    assert len(lines) >= 2, "the message wraps inside the phone-wide card"
    assert "10.01:1 fine" in plain
    assert "79001234567@c.us" in plain and "61 / 500" in plain and "SERIF" in plain
    assert '"backgroundColor": "#8B0000"' in plain
    assert "sendTextStatus/{apiTokenInstance}" in plain


def test_preview_reports_low_contrast_figure() -> None:
    plain, _ = render("hi", color="#AAAAAA")
    assert "2.32:1 low contrast" in plain
    plain, _ = render("hi", color="#777777", font=None)
    assert "4.48:1 fine" in plain and "WhatsApp's default" in plain


def test_piped_dry_run_is_plain_text_only(runner: CliRunner) -> None:
    result = runner.invoke(app, ["post", "hi", "-n", "-c", "navy"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert not set("╭╮╰╯│─") & set(result.stdout)
    assert result.stdout.startswith("POST https://api.green-api.com/waInstance{idInstance}/")
    assert json.loads(result.stdout.split("\n\n", 1)[1]) == {
        "message": "hi",
        "backgroundColor": "#000080",
    }


def test_dry_run_on_a_terminal_draws_the_card(
    runner: CliRunner, on_terminal: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["post", "hi", "-n", "-c", "navy"])
    assert result.exit_code == 0
    assert "48;2;0;0;128" in result.stdout and "preview" in result.stdout


def test_no_color_keeps_the_card_but_drops_colour(
    runner: CliRunner, on_terminal: pytest.MonkeyPatch
) -> None:
    on_terminal.setenv("NO_COLOR", "1")  # beats FORCE_COLOR for colour, not for drawing
    on_terminal.setenv("TERM", "xterm-256color")
    result = runner.invoke(app, ["post", "hi", "-n", "-c", "navy"])
    assert "48;2" not in result.stdout and "preview" in result.stdout
