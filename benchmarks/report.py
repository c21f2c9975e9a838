"""Report benchmark: `greenstatus report` over 30 statuses against a server that allows 1
getStatusStatistic a second, beside a bare requests script that makes the same 30 requests a
second apart (the API's own limit: nothing else may slow report down).

Run with the Python of the environment greenstatus is installed in:

    .venv/bin/python benchmarks/report.py              # 1 round (each run takes ~30 s)
    .venv/bin/python benchmarks/report.py --rounds 3 --json results.json

Exits 1 when a figure misses its budget (README, "Performance").
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import (
    GREENSTATUS,
    ID_INSTANCE,
    FakeAPI,
    environment,
    finish,
    load_average,
    medians,
    method_url,
    run_once,
)

from greenstatus import store as jn

STATUSES = 30
# The same 30 requests, each a second after the previous answer, with nothing around them.
BARE_REPORT = """import sys, time, requests
for n in range(int(sys.argv[2])):
    if n:
        time.sleep(1)
    requests.get(sys.argv[1], params={"idMessage": f"BAE5REPORT{n:06d}"}, timeout=30).json()
"""


def seed(server: FakeAPI, folder: Path) -> None:
    with jn.open_journal(folder=folder) as opened:
        for n in range(STATUSES):
            body = {"message": f"status {n}", "backgroundColor": "#228B22"}
            added = opened.add(jn.NewEntry("default", ID_INSTANCE, "text", body, f"fp{n}"))
            assert added.entry is not None
            ident = f"BAE5REPORT{n:06d}"
            opened.finish(added.entry.id, "queued", id_message=ident)
            server.add_statistic(ident, sent=n % 3, delivered=n % 4, read=n % 5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    import sys

    with tempfile.TemporaryDirectory() as tmp, FakeAPI() as server:
        server.limits = {"getStatusStatistic": 1}
        folder = Path(tmp)
        env = environment(server, folder)
        seed(server, folder / "state")
        commands = {
            "report": ([GREENSTATUS, "report"], env),
            "bare": (
                [
                    sys.executable,
                    "-c",
                    BARE_REPORT,
                    method_url(server, "getStatusStatistic"),
                    str(STATUSES),
                ],
                env,
            ),
        }
        walls: dict[str, list[float]] = {name: [] for name in commands}
        rss: dict[str, list[int]] = {name: [] for name in commands}
        for round_ in range(args.rounds):
            for name in list(commands) if round_ % 2 == 0 else list(commands)[::-1]:
                # The server's window still holds the previous run's last request.
                time.sleep(1.1)
                wall, peak = run_once(*commands[name])
                walls[name].append(wall)
                rss[name].append(peak)
        med, mem = medians(walls, rss)
        print(load_average())
        for name in commands:
            print(f"{name:8} {med[name] / 1000:7.2f} s  {mem[name]:6.1f} MiB")
        print(f"429 answers: {server.too_many}")
        budgets = [
            ("report over 30 statuses (s)", med["report"] / 1000, 32.0),
            ("report / bare script", med["report"] / med["bare"], 1.1),
        ]
        return finish(args, budgets, med, mem, too_many=server.too_many)


if __name__ == "__main__":
    raise SystemExit(main())
