"""What every benchmark shares: the launcher that times one run, the local server's environment,
interleaved rounds, medians and the budget lines."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

from greenstatus.sandbox.server import ID_INSTANCE, TOKEN, FakeAPI  # noqa: E402

__all__ = ["ID_INSTANCE", "TOKEN", "FakeAPI"]

GREENSTATUS = str(Path(sys.executable).parent / "greenstatus")
BARE_SCRIPT = """import sys, requests
r = requests.post(sys.argv[1], json={"message": "hello", "backgroundColor": "#228B22"}, timeout=30)
print(r.json()["idMessage"])
"""
# The same upload as greenstatus makes (raw bytes, streamed from disk with a Content-Length),
# with nothing around it: the yardstick for `post --media`.
BARE_UPLOAD_SCRIPT = """import sys, requests
headers = {"Content-Type": "video/mp4", "GA-Filename": "big.mp4"}
with open(sys.argv[2], "rb") as fh:
    r = requests.post(sys.argv[1], data=fh, headers=headers, timeout=60)
print(r.json()["urlFile"])
"""

# Linux counts the RSS a child had before exec in its ru_maxrss, so a child forked from this
# (large) process would report at least this process's size. A small launcher forks, execs
# and times the command instead; its own ~9 MiB is the floor of every memory figure.
LAUNCHER = """import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0); os.dup2(null, 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
cpu = usage.ru_utime + usage.ru_stime
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status), cpu)
"""

Commands = dict[str, tuple[list[str], dict[str, str]]]


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of cmd."""
    wall, peak, _ = run_timed(cmd, env)
    return wall, peak


def run_timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one run of cmd."""
    result = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *cmd],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, peak, code, cpu = result.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {result.stderr[:300]}")
    return float(wall), int(peak), float(cpu)


def environment(server: FakeAPI, folder: Path, **extra: str) -> dict[str, str]:
    """This process's environment without any GREENSTATUS_ setting of the developer's, pointed
    at the local server, with an empty config file (a named one must exist, exit 78 otherwise)
    and a state folder of its own."""
    config = folder / "config.toml"
    config.touch(mode=0o600)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GREENSTATUS_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(
        GREENSTATUS_ID_INSTANCE=ID_INSTANCE,
        GREENSTATUS_API_TOKEN_INSTANCE=TOKEN,
        GREENSTATUS_API_URL=server.url,
        GREENSTATUS_CONFIG=str(config),
        GREENSTATUS_STATE_DIR=str(folder / "state"),
    )
    env.update(extra)
    return env


def method_url(server: FakeAPI, method: str) -> str:
    return f"{server.url}/waInstance{ID_INSTANCE}/{method}/{TOKEN}"


def interleaved(
    commands: Commands,
    rounds: int,
    after: Callable[[str], None] | None = None,
    cpu: dict[str, list[float]] | None = None,
) -> tuple[dict[str, list[float]], dict[str, list[int]]]:
    """Wall seconds and peak KiB of every command, `rounds` times, after one warm-up run each
    (byte-code caches, page cache). Each round starts one command later, so a burst of load
    on the shared machine does not always fall on the same command. `cpu`, when given, gets
    each run's CPU seconds: on a loaded machine wall time also counts the wait for a core."""
    for cmd, env in commands.values():
        run_once(cmd, env)
        if after is not None:
            after("warm-up")
    walls: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, list[int]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(rounds):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            wall, peak, seconds = run_timed(*commands[name])
            if cpu is not None:
                cpu.setdefault(name, []).append(seconds)
            walls[name].append(wall)
            rss[name].append(peak)
            if after is not None:
                after(name)
    return walls, rss


def medians(
    walls: dict[str, list[float]], rss: dict[str, list[int]]
) -> tuple[dict[str, float], dict[str, float]]:
    """Median milliseconds and median peak MiB by command."""
    ms = {name: statistics.median(values) * 1000 for name, values in walls.items()}
    mib = {name: statistics.median(values) / 1024 for name, values in rss.items()}
    return ms, mib


def load_average() -> str:
    """The machine's load while the figures were taken: they mean little without it."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def finish(
    args: argparse.Namespace,
    budgets: list[tuple[str, float, float]],
    med: dict[str, float],
    mem: dict[str, float],
    **extra: object,
) -> int:
    """Print one line per budget (a label with ≥ is a floor, any other a ceiling), write the
    figures as JSON when --json named a file, and return the exit code: 1 when one is missed."""
    kept = True
    print()
    for label, value, limit in budgets:
        ok = value >= limit if "≥" in label else value <= limit
        kept &= ok
        print(f"{'ok  ' if ok else 'MISS'} {label:36} {value:.3f}")
    if args.json:
        figures = {label: value for label, value, _ in budgets}
        found = {"rounds": args.rounds, "load": load_average(), "median_ms": med, "peak_mib": mem}
        Path(args.json).write_text(json.dumps({**found, **extra, "figures": figures}, indent=2))
    return 0 if kept else 1
