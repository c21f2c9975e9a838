"""THE way a test runs the installed command: one runner and one environment builder."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI
from helpers.paths import ROOT

PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")


def creds(url: str, *, proxies: bool = True, **extra: str) -> dict[str, str]:
    """The caller's environment with the fake server's credentials and none of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
    if not proxies:
        # A developer's proxy must not see the loopback requests, nor make them fail.
        for name in PROXIES:
            env.pop(name, None)
    env.update(
        GREENSTATUS_ID_INSTANCE=ID_INSTANCE,
        GREENSTATUS_API_TOKEN_INSTANCE=TOKEN,
        GREENSTATUS_API_URL=url,
    )
    env.update(extra)
    return env


def media_env(server: FakeAPI, **extra: str) -> dict[str, str]:
    # The media host is always the local server: a test must never reach a real host.
    return creds(server.url, GREENSTATUS_MEDIA_URL=server.url, **extra)


def env_for(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """A user with no config file of their own, no proxy, and unbuffered output left as is."""
    return creds(
        url,
        proxies=False,
        **{"XDG_CONFIG_HOME": str(tmp_path / "xdg-config"), "PYTHONUNBUFFERED": "", **extra},
    )


def state_env(url: str, state: Path, **extra: str) -> dict[str, str]:
    """A user whose journal lives in `state`, with the config folder beside it."""
    return creds(
        url,
        **{
            "XDG_CONFIG_HOME": str(state.parent / "xdg-config"),
            "GREENSTATUS_STATE_DIR": str(state),
            **extra,
        },
    )


def run(
    exe: str, args: Sequence[str | bytes], env: dict[str, str], **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """The command as cron runs it: nothing on stdin unless the test gives it some."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    if "input" not in kwargs:
        kwargs.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [exe, *args], env=env, text=True, timeout=60, **kwargs
    )


HEAVY = ("requests", "rich", "urllib3")


def probe(args: list[str], report: str, extra_env: dict[str, str] | None = None) -> str:
    """What the Python expression `report` gives (a str) once a fresh interpreter has run
    `greenstatus ARGS` through __main__.dispatch; the caller's GREENSTATUS_ settings left out."""
    code = (
        "import sys\n"
        "from greenstatus.__main__ import dispatch\n"
        f"dispatch({args!r})\n"
        f"sys.stderr.write('\\nPROBE:' + ({report}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
    env.update(extra_env or {})
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    last = result.stderr.splitlines()[-1] if result.stderr else ""
    assert last.startswith("PROBE:"), f"the probe did not finish: {result.stderr[-500:]}"
    return last.removeprefix("PROBE:")


def modules_after(
    args: list[str],
    tmp_path: Path,
    names: tuple[str, ...] = HEAVY,
    extra_env: dict[str, str] | None = None,
) -> set[str]:
    """Which of `names` (modules) a run of `args` imported, in a fresh interpreter."""
    report = f"' '.join(m for m in {names!r} if m in sys.modules)"
    return set(probe(args, report, extra_env).split())


def profiles_toml(servers: Iterable[tuple[str, FakeAPI]]) -> str:
    """A config file's [profiles.NAME] tables, one per (name, server): the server's instance,
    token, API URL and media URL (a test never reaches a real host)."""
    return "".join(
        f'[profiles.{name}]\nid_instance = "{s.id_instance}"\n'
        f'api_token_instance = "{s.token}"\napi_url = "{s.url}"\nmedia_url = "{s.url}"\n'
        for name, s in servers
    )


def profiles_env(
    servers: Iterable[tuple[str, FakeAPI]], tmp_path: Path, **extra: str
) -> dict[str, str]:
    """A user whose config file (0600, in tmp_path) holds these profiles, whose journal is
    tmp_path/state, and whose environment names no instance of its own."""
    config = tmp_path / "config.toml"
    config.write_text(profiles_toml(servers), encoding="utf-8")
    config.chmod(0o600)
    env = state_env("", tmp_path / "state", GREENSTATUS_CONFIG=str(config), **extra)
    for name in (
        "GREENSTATUS_ID_INSTANCE",
        "GREENSTATUS_API_TOKEN_INSTANCE",
        "GREENSTATUS_API_URL",
    ):
        env.pop(name)
    return env


def start_waiting(
    args: Sequence[str], env: dict[str, str], server: FakeAPI
) -> subprocess.Popen[str]:
    """The command (`post ... --wait`) started, and returned once `server` has seen its first
    poll of getOutgoingStatuses: the status is queued and the wait under way."""
    proc = subprocess.Popen(
        list(args),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not any("getOutgoingStatuses" in seen.path for seen in server.seen):
        assert time.monotonic() < deadline, "the wait never polled"
        time.sleep(0.05)
    return proc


def build_wheel(folder: Path) -> Path:
    """greenstatus built from this checkout as a wheel in folder/dist, as a release ships it."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + [str(ROOT), "-w", str(folder / "dist")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (wheel,) = (folder / "dist").glob("greenstatus-*.whl")
    return wheel
