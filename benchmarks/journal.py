"""Journal benchmark: `post` with the journal on, `history` and `outbox list` over 100,000
entries, each against the bare requests script; and `outbox flush` of 50 due entries against
a server that answers 429 above 5 sends in any second.

Run with the Python of the environment greenstatus is installed in:

    .venv/bin/python benchmarks/journal.py              # 11 interleaved rounds
    .venv/bin/python benchmarks/journal.py --rounds 21 --json results.json

Exits 1 when a figure misses its budget (README, "Performance").
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from startup import BARE_SCRIPT, GREENSTATUS, run_once  # noqa: E402

from greenstatus import store as jn  # noqa: E402
from greenstatus.sandbox.server import ID_INSTANCE, TOKEN, FakeAPI  # noqa: E402

ENTRIES = 100_000
WAITING = 1_000
FLUSH = 50


def _empty_config(path: Path) -> Path:
    """A named config file must exist (exit 78 otherwise); the environment holds the rest."""
    path.touch(mode=0o600)
    return path


def seed(folder: Path, total: int, waiting: int) -> None:
    """A journal of `total` entries, `waiting` of them scheduled, the rest queued."""
    jn.open_journal(folder=folder).close()
    db = sqlite3.connect(folder / jn.FILE_NAME)
    now = jn.utcnow()
    rows = []
    for n in range(total):
        body = {"message": f"status number {n}\nsecond line", "backgroundColor": "#228B22"}
        stamp = jn.iso(now - timedelta(seconds=total - n))
        scheduled = n >= total - waiting
        rows.append(
            (
                stamp,
                stamp,
                "default",
                ID_INSTANCE,
                "text",
                "sendTextStatus",
                jn.body_text(body),
                jn.iso(now + timedelta(hours=1 + n % 24)) if scheduled else stamp,
                "scheduled" if scheduled else "queued",
                None if scheduled else f"BAE5{n:012X}",
                0 if scheduled else 1,
                None if scheduled else 200,
                30.0,
                jn.fingerprint("text", body),
            )
        )
    db.executemany(
        "INSERT INTO entries (created, updated, profile, id_instance, kind, method, body, "
        "not_before, state, id_message, attempts, http_status, timeout, fingerprint) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.commit()
    db.close()


def seed_due(folder: Path, count: int) -> list[str]:
    messages = []
    with jn.open_journal(folder=folder) as opened:
        for n in range(count):
            body = {"message": f"due {n}", "backgroundColor": "#228B22"}
            opened.add(
                jn.NewEntry(
                    profile="default",
                    id_instance=ID_INSTANCE,
                    kind="text",
                    body=body,
                    fingerprint=jn.fingerprint("text", body),
                    state="pending",
                    not_before=jn.utcnow() - timedelta(seconds=1),
                )
            )
            messages.append(body["message"])
    return messages


def flush_run(server: FakeAPI, env: dict[str, str], folder: Path) -> dict[str, float]:
    messages = seed_due(folder, FLUSH)
    time.sleep(1.2)  # the server's one-second window forgets the previous run's sends
    server.rate_limit = 5
    server.too_many = 0
    server.queued.clear()
    started = time.perf_counter()
    result = subprocess.run(
        [GREENSTATUS, "outbox", "flush", "-q"],
        env={**env, "GREENSTATUS_STATE_DIR": str(folder)},
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    server.rate_limit = None
    counts = Counter(body["message"] for body in server.queued)
    return {
        "exit": result.returncode,
        "wall_s": wall,
        "sends_per_s": FLUSH / wall,
        "answers_429": server.too_many,
        "each_once": float(all(counts[m] == 1 for m in messages) and len(counts) == FLUSH),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--flushes", type=int, default=3)
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    args = parser.parse_args()

    with FakeAPI() as server, tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        url = f"{server.url}/waInstance{ID_INSTANCE}/sendTextStatus/{TOKEN}"
        bare = base / "bare.py"
        bare.write_text(BARE_SCRIPT)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("GREENSTATUS_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        env.update(
            GREENSTATUS_ID_INSTANCE=ID_INSTANCE,
            GREENSTATUS_API_TOKEN_INSTANCE=TOKEN,
            GREENSTATUS_API_URL=server.url,
            GREENSTATUS_CONFIG=str(_empty_config(base / "config.toml")),
        )
        post_env = {**env, "GREENSTATUS_STATE_DIR": str(base / "posts")}
        big_env = {**env, "GREENSTATUS_STATE_DIR": str(base / "big")}
        off_env = {**env, "GREENSTATUS_JOURNAL": "off"}
        seed(base / "big", ENTRIES, WAITING)
        commands = {
            "bare requests.post script": ([sys.executable, str(bare), url], env),
            "post, journal on": ([GREENSTATUS, "post", "hello", "--allow-duplicate"], post_env),
            "post, journal off": ([GREENSTATUS, "post", "hello"], off_env),
            "history (100k, piped)": ([GREENSTATUS, "history"], big_env),
            "outbox list (100k, piped)": ([GREENSTATUS, "outbox", "list"], big_env),
        }
        for cmd, cmd_env in commands.values():  # warm-up: byte-code caches, page cache
            run_once(cmd, cmd_env)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        rss: dict[str, list[int]] = {name: [] for name in commands}
        names = list(commands)
        for round_ in range(args.rounds):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in order:
                wall, peak = run_once(*commands[name])
                walls[name].append(wall)
                rss[name].append(peak)
        flushes = [flush_run(server, env, base / f"flush{n}") for n in range(args.flushes)]

    med = {name: statistics.median(values) * 1000 for name, values in walls.items()}
    mem = {name: statistics.median(values) / 1024 for name, values in rss.items()}
    bare_ms, bare_mib = med["bare requests.post script"], mem["bare requests.post script"]
    print(f"{'command':30} {'median ms':>10} {'peak MiB':>9} {'× bare':>7}")
    for name in commands:
        print(f"{name:30} {med[name]:10.1f} {mem[name]:9.1f} {med[name] / bare_ms:7.2f}")
    print()
    for n, figures in enumerate(flushes, 1):
        print(
            f"outbox flush of {FLUSH} (run {n}): {figures['wall_s']:.2f} s, "
            f"{figures['sends_per_s']:.2f} sends/s, {figures['answers_429']:.0f} answers of 429, "
            f"each queued once: {bool(figures['each_once'])}, exit {figures['exit']:.0f}"
        )
    worst = min(flushes, key=lambda f: f["sends_per_s"])
    budgets = [
        ("post wall ≤ 1.3× bare", med["post, journal on"] / bare_ms, 1.3),
        ("post peak memory ≤ 1.3× bare", mem["post, journal on"] / bare_mib, 1.3),
        ("history wall ≤ 0.9× bare", med["history (100k, piped)"] / bare_ms, 0.9),
        ("outbox list wall ≤ 0.9× bare", med["outbox list (100k, piped)"] / bare_ms, 0.9),
        ("flush sends/s ≥ 4.2 (slowest run)", worst["sends_per_s"], 4.2),
        ("flush 429 answers ≤ 2 (most)", max(f["answers_429"] for f in flushes), 2),
        ("flush queued each once (all runs)", min(f["each_once"] for f in flushes), 1),
    ]
    failed = False
    print()
    for label, value, limit in budgets:
        ok = value >= limit if ("≥" in label or "once" in label) else value <= limit
        failed |= not ok
        print(f"{'ok  ' if ok else 'MISS'} {label:36} {value:.3f}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "rounds": args.rounds,
                    "median_ms": med,
                    "peak_mib": mem,
                    "flushes": flushes,
                    "figures": {label: value for label, value, _ in budgets},
                },
                indent=2,
            )
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
