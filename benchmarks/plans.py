"""Content plan benchmark: `outbox import` of 1,000 text rows against the bare requests script.

Each import stores all 1,000 rows into an empty journal (the state folder is removed after
every run), so every round checks and inserts every row. A second plan's 1,000 rows each name
another contact in `to`, against 5,000 contacts kept in its journal (put back as they were
after every run): every row's name is matched and every row's audience checked.

Run with the Python of the environment greenstatus is installed in:

    .venv/bin/python benchmarks/plans.py              # 11 interleaved rounds
    .venv/bin/python benchmarks/plans.py --rounds 21 --json results.json

Exits 1 when the figure misses its budget (README, "Performance").
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from common import (
    BARE_SCRIPT,
    GREENSTATUS,
    FakeAPI,
    environment,
    finish,
    interleaved,
    load_average,
    medians,
    method_url,
)

from greenstatus.sandbox.contacts import contact_book

ROWS = 1000
CONTACTS = 5000
BARE = "bare requests.post script"
IMPORT = f"outbox import ({ROWS} rows)"
NAMES = f"outbox import ({ROWS} names vs {CONTACTS:,})"


def write_plan(path: Path, named: bool = False) -> None:
    """A week's plan as a spreadsheet saves it: `;`, local times, and a colour on some rows,
    or (named) each row to another contact by name, as people type it (lower case)."""
    start = datetime.now().replace(second=0, microsecond=0) + timedelta(days=1)
    lines = ["at;text;to" if named else "at;text;color"]
    for n in range(ROWS):
        at = (start + timedelta(minutes=10 * n)).strftime("%Y-%m-%d %H:%M")
        last = f"contact {n + 1:04d}" if named else "navy" if n % 3 == 0 else ""
        lines.append(f"{at};Offer number {n}: two for one;{last}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    args = parser.parse_args()

    with FakeAPI() as server, tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        server.contacts = contact_book(saved=CONTACTS)
        bare = base / "bare.py"
        bare.write_text(BARE_SCRIPT)
        plan, named = base / "plan.csv", base / "named.csv"
        write_plan(plan)
        write_plan(named, named=True)
        env = environment(server, base)
        (base / "names").mkdir()
        names_env = environment(server, base / "names")
        kept = base / "names" / "kept"
        subprocess.run([GREENSTATUS, "contacts"], env=names_env, check=True, capture_output=True)
        shutil.copytree(base / "names" / "state", kept)
        commands = {
            BARE: ([sys.executable, str(bare), method_url(server, "sendTextStatus")], env),
            IMPORT: ([GREENSTATUS, "outbox", "import", str(plan)], env),
            NAMES: ([GREENSTATUS, "outbox", "import", str(named)], names_env),
        }

        def empty_journal(name: str) -> None:
            shutil.rmtree(base / "state", ignore_errors=True)
            shutil.rmtree(base / "names" / "state", ignore_errors=True)
            shutil.copytree(kept, base / "names" / "state")

        walls, rss = interleaved(commands, args.rounds, after=empty_journal)

    med, mem = medians(walls, rss)
    print(f"{args.rounds} interleaved rounds, {load_average()}")
    print(f"{'command':36} {'median ms':>10} {'peak MiB':>9} {'× bare':>7}")
    for name in commands:
        print(f"{name:36} {med[name]:10.1f} {mem[name]:9.1f} {med[name] / med[BARE]:7.2f}")
    budgets = [
        (f"outbox import of {ROWS} wall ≤ 3× bare", med[IMPORT] / med[BARE], 3.0),
        (f"import of {ROWS} names wall ≤ 3× bare", med[NAMES] / med[BARE], 3.0),
    ]
    return finish(args, budgets, med, mem)


if __name__ == "__main__":
    sys.exit(main())
