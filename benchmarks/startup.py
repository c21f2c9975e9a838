"""Start-up and memory benchmark: greenstatus against curl, `python -c pass` and a bare
requests script, all posting to one local server, interleaved, in one run.

Run with the Python of the environment greenstatus is installed in:

    .venv/bin/python benchmarks/startup.py            # 21 rounds
    .venv/bin/python benchmarks/startup.py --rounds 41 --json results.json
    .venv/bin/python benchmarks/startup.py --sdk-python /path/to/sdk-venv/bin/python

--sdk-python adds the official SDK (whatsapp-api-client-python, installed in its own
environment because it pins requests and pulls in aiogram) doing the same post.

Exits 1 when a ratio misses its budget (README, "Performance").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from greenstatus.sandbox.server import ID_INSTANCE, TOKEN, FakeAPI

BIN = Path(sys.executable).parent
GREENSTATUS = str(BIN / "greenstatus")
BASH_SCRIPT = Path(__file__).resolve().parent.parent / "completions" / "greenstatus.bash"
BODY = {"message": "hello", "backgroundColor": "#228B22"}
BARE_SCRIPT = """import sys, requests
r = requests.post(sys.argv[1], json={"message": "hello", "backgroundColor": "#228B22"}, timeout=30)
print(r.json()["idMessage"])
"""
SDK_SCRIPT = """import sys
from whatsapp_api_client_python import API
api = API.GreenAPI(sys.argv[2], sys.argv[3], host=sys.argv[1])
print(api.statuses.sendTextStatus("hello", "#228B22").data["idMessage"])
"""
TABS = 20


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
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of cmd."""
    result = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *cmd],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, peak, code = result.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {result.stderr[:300]}")
    return float(wall), int(peak)


def tab_seconds(env: dict[str, str]) -> float:
    """Seconds for one static TAB (`greenstatus post --font <TAB>`), averaged over TABS calls
    inside one already-running bash, the way a shell runs it."""
    script = (
        f"source '{BASH_SCRIPT}'\n"
        "COMP_WORDS=(greenstatus post --font ''); COMP_CWORD=3\n"
        "start=$EPOCHREALTIME\n"
        f"for ((n = 0; n < {TABS}; n++)); do _greenstatus; done\n"
        "end=$EPOCHREALTIME\n"
        "[[ ${#COMPREPLY[@]} -eq 5 ]] || exit 3\n"
        "echo $start $end\n"
    )
    out = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return (float(out[1].replace(",", ".")) - float(out[0].replace(",", "."))) / TABS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    parser.add_argument("--sdk-python", metavar="PYTHON", help="a Python with the official SDK")
    args = parser.parse_args()

    with FakeAPI() as server, tempfile.TemporaryDirectory() as tmp:
        url = f"{server.url}/waInstance{ID_INSTANCE}/sendTextStatus/{TOKEN}"
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_SCRIPT)
        # A file named by GREENSTATUS_CONFIG must exist (contract); an empty one holds nothing.
        config_file = Path(tmp) / "config.toml"
        config_file.touch(mode=0o600)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("GREENSTATUS_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        env.update(
            GREENSTATUS_ID_INSTANCE=ID_INSTANCE,
            GREENSTATUS_API_TOKEN_INSTANCE=TOKEN,
            GREENSTATUS_API_URL=server.url,
            GREENSTATUS_CONFIG=str(config_file),
            GREENSTATUS_STATE_DIR=str(Path(tmp) / "state"),
        )
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "bare requests.post script": [sys.executable, str(bare), url],
            # Every round sends: a repeat within duplicate_window would skip the request.
            "greenstatus post hello": [GREENSTATUS, "post", "hello", "--allow-duplicate"],
            "greenstatus --version": [GREENSTATUS, "--version"],
            "greenstatus fonts (piped)": [GREENSTATUS, "fonts"],
            "greenstatus config path": [GREENSTATUS, "config", "path"],
        }
        if args.sdk_python:
            sdk = Path(tmp) / "sdk.py"
            sdk.write_text(SDK_SCRIPT)
            commands["official SDK (0.0.55)"] = [
                args.sdk_python,
                str(sdk),
                server.url,
                ID_INSTANCE,
                TOKEN,
            ]
        if shutil.which("curl"):
            commands["curl"] = [
                "curl",
                "-sS",
                "-X",
                "POST",
                "-H",
                "Content-Type: application/json",
                "-d",
                json.dumps(BODY),
                url,
            ]
        for cmd in commands.values():  # warm-up: byte-code caches, page cache
            run_once(cmd, env)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        rss: dict[str, list[int]] = {name: [] for name in commands}
        tabs: list[float] = []
        names = list(commands)
        for round_ in range(args.rounds):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                wall, peak = run_once(commands[name], env)
                walls[name].append(wall)
                rss[name].append(peak)
            tabs.append(tab_seconds(env))

    med = {name: statistics.median(values) * 1000 for name, values in walls.items()}
    mem = {name: statistics.median(values) / 1024 for name, values in rss.items()}
    tab_ms = statistics.median(tabs) * 1000
    base, base_mem, py = (
        med["bare requests.post script"],
        mem["bare requests.post script"],
        med["python -c pass"],
    )

    print(f"{'command':32} {'median ms':>10} {'peak MiB':>9} {'× bare':>7}")
    for name in commands:
        print(f"{name:32} {med[name]:10.1f} {mem[name]:9.1f} {med[name] / base:7.2f}")
    label = "static TAB (bash, per press)"
    print(f"{label:32} {tab_ms:10.2f} {'':>9} {tab_ms / py:7.3f} × python -c pass")

    budgets = [
        ("post wall ≤ 1.3× bare", med["greenstatus post hello"] / base, 1.3),
        ("post peak memory ≤ 1.3× bare", mem["greenstatus post hello"] / base_mem, 1.3),
        ("--version ≤ 0.9× bare", med["greenstatus --version"] / base, 0.9),
        ("fonts ≤ 0.9× bare", med["greenstatus fonts (piped)"] / base, 0.9),
        ("config path ≤ 0.9× bare", med["greenstatus config path"] / base, 0.9),
        ("TAB < 0.5× python -c pass", tab_ms / py, 0.5),
    ]
    failed = False
    print()
    for label, ratio, limit in budgets:
        ok = ratio < limit if label.startswith("TAB") else ratio <= limit
        failed |= not ok
        print(f"{'ok  ' if ok else 'MISS'} {label:32} {ratio:.3f}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "rounds": args.rounds,
                    "median_ms": med,
                    "peak_mib": mem,
                    "tab_ms": tab_ms,
                    "ratios": {label: ratio for label, ratio, _ in budgets},
                },
                indent=2,
            )
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
