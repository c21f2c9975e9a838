"""Issue 21, colour conventions: NO_COLOR and CLICOLOR=0 turn colour off everywhere;
GREENSTATUS_FORCE_TTY=1 draws stdout as on a terminal for `| less -R`; otherwise a pipe stays
plain whatever the colour variables say. Checked on a real pty and through real pipes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pexpect
import pytest
from helpers.fakeapi import ID_INSTANCE, TOKEN

ESC = "\x1b["
BORDERS = "┏┃│"
FONTS_TSV = "SERIF\nSANS_SERIF\nNORICAN_REGULAR\nBRYNDAN_WRITE\nOSWALD_HEAVY\n"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A user with credentials, a journal holding one scheduled entry, and no colour variables."""
    base = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "GREENSTATUS_STATE_DIR": str(tmp_path / "state"),
        "GREENSTATUS_ID_INSTANCE": ID_INSTANCE,
        "GREENSTATUS_API_TOKEN_INSTANCE": TOKEN,
        # Nothing listens there; nothing in these tests sends.
        "GREENSTATUS_API_URL": "http://127.0.0.1:9",
        "COLUMNS": "100",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    return base


@pytest.fixture
def history_env(exe: str, env: dict[str, str]) -> dict[str, str]:
    scheduled = subprocess.run(
        [exe, "post", "hello", "--in", "1h"], env=env, capture_output=True, text=True, timeout=60
    )
    assert scheduled.returncode == 0, scheduled.stderr
    return env


def on_pty(exe: str, args: list[str], env: dict[str, str]) -> str:
    child = pexpect.spawn(exe, args, env=env, encoding="utf-8", timeout=30, dimensions=(40, 100))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before or ""


def piped(exe: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [exe, *args], env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, result.stderr
    return result


def has_table(text: str) -> bool:
    return any(ch in text for ch in BORDERS)


@pytest.mark.parametrize("command", [["fonts"], ["history"]])
def test_a_terminal_gets_a_coloured_table(
    exe: str, history_env: dict[str, str], command: list[str]
) -> None:
    shown = on_pty(exe, command, history_env)
    assert has_table(shown) and ESC in shown


@pytest.mark.parametrize("command", [["fonts"], ["history"]])
@pytest.mark.parametrize("off", [{"NO_COLOR": "1"}, {"NO_COLOR": "yes"}, {"CLICOLOR": "0"}])
def test_no_color_and_clicolor_0_keep_the_table_and_drop_every_escape(
    exe: str, history_env: dict[str, str], command: list[str], off: dict[str, str]
) -> None:
    shown = on_pty(exe, command, {**history_env, **off})
    assert has_table(shown)
    assert ESC not in shown


def test_empty_no_color_and_clicolor_1_leave_colour_on(exe: str, env: dict[str, str]) -> None:
    shown = on_pty(exe, ["fonts"], {**env, "NO_COLOR": "", "CLICOLOR": "1"})
    assert ESC in shown


@pytest.mark.parametrize(
    "colour_vars",
    [{}, {"FORCE_COLOR": "1", "CLICOLOR_FORCE": "1", "CLICOLOR": "1"}],
)
def test_a_pipe_stays_plain_whatever_the_colour_variables_say(
    exe: str, history_env: dict[str, str], colour_vars: dict[str, str]
) -> None:
    fonts = piped(exe, ["fonts"], {**history_env, **colour_vars})
    assert fonts.stdout == FONTS_TSV
    history = piped(exe, ["history"], {**history_env, **colour_vars}).stdout
    assert history.startswith("1\t") and history.endswith("\thello\n")
    assert ESC not in history and not has_table(history)


@pytest.mark.parametrize("command", [["fonts"], ["history"]])
@pytest.mark.parametrize("term", ["xterm-256color", "dumb", None])
def test_force_tty_draws_a_coloured_table_into_a_pipe_whatever_term_says(
    exe: str, history_env: dict[str, str], command: list[str], term: str | None
) -> None:
    env = {**history_env, "GREENSTATUS_FORCE_TTY": "1"}
    if term is None:
        del env["TERM"]
    else:
        env["TERM"] = term
    result = piped(exe, command, env)
    assert has_table(result.stdout) and ESC in result.stdout
    if command == ["fonts"]:
        # Its title spans $COLUMNS (Rich alone takes TERM=dumb for 80 columns).
        visible = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
        assert max(len(line) for line in visible.splitlines()) == 100
    assert ESC not in result.stderr


@pytest.mark.parametrize("off", [{"NO_COLOR": "1"}, {"CLICOLOR": "0"}])
def test_no_color_and_clicolor_0_win_over_force_tty_but_the_table_stays(
    exe: str, history_env: dict[str, str], off: dict[str, str]
) -> None:
    env = {**history_env, "GREENSTATUS_FORCE_TTY": "1", **off}
    for command in (["fonts"], ["history"]):
        shown = piped(exe, command, env).stdout
        assert has_table(shown) and ESC not in shown


def test_force_tty_0_is_off(exe: str, env: dict[str, str]) -> None:
    assert piped(exe, ["fonts"], {**env, "GREENSTATUS_FORCE_TTY": "0"}).stdout == FONTS_TSV


@pytest.mark.parametrize("off", [{}, {"NO_COLOR": "1"}, {"CLICOLOR": "0"}])
def test_confirmations_on_a_terminal_stderr_follow_the_same_rule(
    exe: str, env: dict[str, str], off: dict[str, str]
) -> None:
    """stderr only (stdout piped): a confirmation is green unless colour is turned off."""
    child = pexpect.spawn(
        "bash",
        ["-c", f"'{exe}' config set font SERIF > /dev/null"],
        env={**env, **off},
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    shown = child.before or ""
    assert child.exitstatus == 0, shown
    assert "font = SERIF" in shown
    assert (ESC in shown) is (not off)


def test_force_tty_never_prompts_into_a_pager(exe: str, env: dict[str, str]) -> None:
    """A person at the keyboard, stdout into `less -R`: delete still needs --yes, as in a pipe."""
    child = pexpect.spawn(
        "bash",
        ["-o", "pipefail", "-c", f"'{exe}' delete BAE5F4886F6F2D05 | cat"],
        env={**env, "GREENSTATUS_FORCE_TTY": "1"},
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2, child.before
    assert "without --yes" in (child.before or "")


def test_force_tty_on_a_real_terminal_still_asks(exe: str, env: dict[str, str]) -> None:
    child = pexpect.spawn(
        exe,
        ["delete", "BAE5F4886F6F2D05"],
        env={**env, "GREENSTATUS_FORCE_TTY": "1"},
        encoding="utf-8",
        timeout=30,
    )
    child.expect("Delete status")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "nothing deleted" in (child.before or "")


def test_force_tty_leaves_a_piped_stderr_plain(exe: str, env: dict[str, str]) -> None:
    result = piped(exe, ["config", "set", "font", "SERIF"], {**env, "GREENSTATUS_FORCE_TTY": "1"})
    assert "font = SERIF" in result.stderr
    assert ESC not in result.stderr and "✓" not in result.stderr
