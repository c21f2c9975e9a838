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
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import (
    BARE_SCRIPT,
    GREENSTATUS,
    ID_INSTANCE,
    TOKEN,
    FakeAPI,
    environment,
    finish,
    interleaved,
    load_average,
    medians,
    method_url,
)

BASH_SCRIPT = Path(__file__).resolve().parent.parent / "completions" / "greenstatus.bash"
BODY = {"message": "hello", "backgroundColor": "#228B22"}
SDK_SCRIPT = """import sys
from whatsapp_api_client_python import API
api = API.GreenAPI(sys.argv[2], sys.argv[3], host=sys.argv[1])
print(api.statuses.sendTextStatus("hello", "#228B22").data["idMessage"])
"""
TABS = 20
RUSSIAN_POST = "greenstatus post (LANG=ru_RU)"


def tab_seconds(env: dict[str, str], option: str = "--font", replies: int = 5) -> float:
    """Seconds for one TAB (`greenstatus post --font <TAB>`, or another option's), averaged
    over TABS calls inside one already-running bash, the way a shell runs it."""
    script = (
        f"source '{BASH_SCRIPT}'\n"
        f"COMP_WORDS=(greenstatus post {option} ''); COMP_CWORD=3\n"
        "start=$EPOCHREALTIME\n"
        f"for ((n = 0; n < {TABS}; n++)); do _greenstatus; done\n"
        "end=$EPOCHREALTIME\n"
        f"[[ ${{#COMPREPLY[@]}} -eq {replies} ]] || exit 3\n"
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


def profile_env(env: dict[str, str], folder: Path) -> dict[str, str]:
    """A config file with a few profiles, for the `--profile <TAB>` that reads it."""
    config = folder / "profiles.toml"
    config.write_text("".join(f'[profiles.p{n}]\nid_instance = "{n}"\n\n' for n in range(5)))
    return {**env, "GREENSTATUS_CONFIG": str(config)}


def commands(server: FakeAPI, tmp: Path, sdk_python: str | None) -> dict[str, list[str]]:
    url = method_url(server, "sendTextStatus")
    bare = tmp / "bare.py"
    bare.write_text(BARE_SCRIPT)
    found = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "bare requests.post script": [sys.executable, str(bare), url],
        # Every round sends: a repeat within duplicate_window would skip the request.
        "greenstatus post hello": [GREENSTATUS, "post", "hello", "--allow-duplicate"],
        "greenstatus --version": [GREENSTATUS, "--version"],
        "greenstatus fonts (piped)": [GREENSTATUS, "fonts"],
        "greenstatus config path": [GREENSTATUS, "config", "path"],
    }
    if sdk_python:
        sdk = tmp / "sdk.py"
        sdk.write_text(SDK_SCRIPT)
        found["official SDK (0.0.55)"] = [sdk_python, str(sdk), server.url, ID_INSTANCE, TOKEN]
    if shutil.which("curl"):
        found["curl"] = ["curl", "-sS", "-X", "POST", "-H", "Content-Type: application/json"]
        found["curl"] += ["-d", json.dumps(BODY), url]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    parser.add_argument("--sdk-python", metavar="PYTHON", help="a Python with the official SDK")
    args = parser.parse_args()

    tabs: dict[str, list[float]] = {"--font": [], "--profile": []}
    with FakeAPI() as server, tempfile.TemporaryDirectory() as tmp:
        env = environment(server, Path(tmp))
        timed = {
            name: (cmd, env) for name, cmd in commands(server, Path(tmp), args.sdk_python).items()
        }
        # The same post for a Russian user: LANG decides, so the other variables are unset.
        russian = {k: v for k, v in env.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
        timed[RUSSIAN_POST] = (
            timed["greenstatus post hello"][0],
            {**russian, "LANG": "ru_RU.UTF-8"},
        )
        last = list(timed)[-1]
        profiles = profile_env(env, Path(tmp))

        def tab(name: str) -> None:
            # One measurement of each TAB per round, after the round's last command.
            if name == last:
                tabs["--font"].append(tab_seconds(env))
                tabs["--profile"].append(tab_seconds(profiles, "--profile", 5))

        cpu: dict[str, list[float]] = {}
        walls, rss = interleaved(timed, args.rounds, tab, cpu)
    med, mem = medians(walls, rss)
    cpu_ms = {name: statistics.median(values) * 1000 for name, values in cpu.items()}
    base_cpu = cpu_ms["bare requests.post script"]
    tab_ms, profile_ms = (statistics.median(tabs[o]) * 1000 for o in ("--font", "--profile"))
    base, base_mem = med["bare requests.post script"], mem["bare requests.post script"]
    py = med["python -c pass"]

    print(f"{args.rounds} interleaved rounds, {load_average()}")
    heads = ("median ms", "peak MiB", "× bare", "CPU ms", "× bare")
    print(f"{'command':32}", *(f"{h:>{max(7, len(h))}}" for h in heads))
    for name in timed:
        print(
            f"{name:32} {med[name]:10.1f} {mem[name]:9.1f} {med[name] / base:7.2f}"
            f" {cpu_ms[name]:7.1f} {cpu_ms[name] / base_cpu:7.2f}"
        )
    label = "static TAB (bash, per press)"
    print(f"{label:32} {tab_ms:10.2f} {'':>9} {tab_ms / py:7.3f} × python -c pass")
    label = "--profile TAB (bash, per press)"
    print(f"{label:32} {profile_ms:10.2f} {'':>9} {profile_ms / py:7.3f} × python -c pass")

    budgets = [
        ("post wall ≤ 1.2× bare", med["greenstatus post hello"] / base, 1.2),
        ("post under LANG=ru_RU.UTF-8 ≤ 1.3× bare", med[RUSSIAN_POST] / base, 1.3),
        ("post peak memory ≤ 1.3× bare", mem["greenstatus post hello"] / base_mem, 1.3),
        ("--version ≤ 0.5× bare", med["greenstatus --version"] / base, 0.5),
        ("fonts ≤ 0.9× bare", med["greenstatus fonts (piped)"] / base, 0.9),
        ("config path ≤ 0.9× bare", med["greenstatus config path"] / base, 0.9),
        ("TAB ≤ 0.5× python -c pass", tab_ms / py, 0.5),
        ("--profile TAB ≤ 0.5× python -c pass", profile_ms / py, 0.5),
    ]
    return finish(args, budgets, med, mem, tab_ms=tab_ms, profile_tab_ms=profile_ms, cpu_ms=cpu_ms)


if __name__ == "__main__":
    sys.exit(main())
