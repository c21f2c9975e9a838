"""Shared fixtures: every test gets its own config file and a clean GREENSTATUS_* environment,
and the marker of its level (the folder it lives in)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import responses
from helpers import API_URL, ID_INSTANCE, TOKEN, FakeAPI
from helpers.shells import PROFILES
from typer.testing import CliRunner

from greenstatus import output
from greenstatus.api import send

LEVELS = ("unit", "cli", "e2e", "properties")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test gets the marker of its folder, unless it carries a level of its own."""
    for item in items:
        if any(item.get_closest_marker(level) for level in LEVELS):
            continue
        level = item.path.parent.name
        if level in LEVELS:
            item.add_marker(getattr(pytest.mark, level))


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test may read or write the real config, nor see the developer's variables."""
    for name in list(os.environ):
        if name.startswith("GREENSTATUS_") or name in (
            "NO_COLOR",
            "FORCE_COLOR",
            "CLICOLOR",
            "CLICOLOR_FORCE",
        ):
            monkeypatch.delenv(name)
    # English whatever the developer's locale: tests of Russian set it themselves.
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    # The default location, not GREENSTATUS_CONFIG: a file named by that variable must exist
    # (contract, "A named config file that does not exist"), and most tests start without one.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    config = tmp_path / "cfg" / "greenstatus" / "config.toml"
    # The journal lives in the state folder: each test gets its own, under its own HOME.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "home" / ".local" / "state"))
    monkeypatch.setenv("COLUMNS", "100")
    output.set_quiet(False)
    # Tokens seen by an earlier test must not mask (any 8 characters of) this one's output.
    output.forget_secrets()
    yield config
    # A queued post holds Ctrl-C until the process exits (api.hold_interrupts); in this one
    # process that would outlive the test, so the next test gets Python's own handler back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    send._held.clear()


@pytest.fixture
def config_file(isolated: Path) -> Path:
    return isolated


@pytest.fixture
def write_config(isolated: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        isolated.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        isolated.write_text(text, encoding="utf-8")
        isolated.chmod(0o600)
        return isolated

    return write


@pytest.fixture
def creds_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENSTATUS_ID_INSTANCE", ID_INSTANCE)
    monkeypatch.setenv("GREENSTATUS_API_TOKEN_INSTANCE", TOKEN)
    monkeypatch.setenv("GREENSTATUS_API_URL", API_URL)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def api() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record backoff sleeps instead of waiting them out."""
    slept: list[float] = []
    monkeypatch.setattr("greenstatus.api.retry.time.sleep", slept.append)
    return slept


@pytest.fixture
def fake_api() -> Iterator[FakeAPI]:
    with FakeAPI() as server:
        yield server


@pytest.fixture
def exe() -> str:
    """The installed console script of the environment running the tests."""
    path = Path(sys.executable).parent / "greenstatus"
    assert path.exists(), f"greenstatus is not installed next to {sys.executable}"
    return str(path)


@pytest.fixture
def on_terminal(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """stdin and stdout look like terminals; Rich itself still draws without colour codes."""
    monkeypatch.setattr("greenstatus.output.terminal.is_terminal", lambda stream=None: True)
    return monkeypatch


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """A real shell's environment: the test venv's command first, two profiles to complete."""
    config = tmp_path / "config.toml"
    config.write_text(PROFILES)
    return {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "GREENSTATUS_CONFIG": str(config),
        "TERM": "dumb",
    }
