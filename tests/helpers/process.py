"""THE way a test runs the installed command: one runner and one environment builder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from helpers.fakeapi import ID_INSTANCE, TOKEN, FakeAPI

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


def modules_after(
    args: list[str],
    tmp_path: Path,
    names: tuple[str, ...] = HEAVY,
    extra_env: dict[str, str] | None = None,
) -> set[str]:
    """Which of `names` (modules) a run of `args` imported, in a fresh interpreter."""
    code = (
        "import sys\n"
        "from greenstatus.__main__ import dispatch\n"
        f"dispatch({args!r})\n"
        f"names = {names!r}\n"
        "sys.stderr.write('\\nMODULES:' + ' '.join(m for m in names if m in sys.modules))\n"
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
    assert last.startswith("MODULES:"), f"the probe did not finish: {result.stderr[-500:]}"
    return set(last.removeprefix("MODULES:").split())
