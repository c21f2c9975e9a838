"""Issue 18's budgets: a post with -t NUMBER (phonenumbers loaded), a post with 1,000 recipients
from --to-file checked against 5,000 kept contacts, both against the bare requests script, and
a TAB that completes a contact name from 5,000 names in contacts.txt against `python -c pass`.

    .venv/bin/python benchmarks/audience.py            # 21 rounds
    .venv/bin/python benchmarks/audience.py --rounds 41 --json results.json

Exits 1 when a ratio misses its budget (README, "Performance").
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
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

BASH_SCRIPT = Path(__file__).resolve().parent.parent / "completions" / "greenstatus.bash"
TABS = 20
CONTACTS = 5000


def tab_seconds(env: dict[str, str], typed: str) -> tuple[float, int]:
    """Seconds for one `greenstatus post -t TYPED<TAB>` inside a running bash, averaged over
    TABS presses, and how many names it offered."""
    script = (
        f"source '{BASH_SCRIPT}'\n"
        'COMP_WORDS=(greenstatus post -t "$1"); COMP_CWORD=3\n'
        "start=$EPOCHREALTIME\n"
        f"for ((n = 0; n < {TABS}; n++)); do COMPREPLY=(); _greenstatus; done\n"
        "end=$EPOCHREALTIME\n"
        "echo $start $end ${#COMPREPLY[@]}\n"
    )
    out = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script, "bash", typed],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    start, end = (float(v.replace(",", ".")) for v in out[:2])
    return (end - start) / TABS, int(out[2])


def keep_contacts(env: dict[str, str]) -> None:
    """5,000 contacts kept in env's journal by one `greenstatus contacts`."""
    subprocess.run([GREENSTATUS, "contacts"], env=env, check=True, capture_output=True)


def prepare(folder: Path, env: dict[str, str]) -> Path:
    """5,000 names in contacts.txt (greenstatus keeps only those who see statuses, 1,024 at
    most; the TAB is timed over more) and a file of 1,000 recipients: 900 numbers and 100
    names, all of them contacts."""
    names = "".join(f"Contact {i:04d}\n" for i in range(1, CONTACTS + 1))
    Path(env["GREENSTATUS_STATE_DIR"], "contacts.txt").write_text(names, encoding="utf-8")
    lines = [f"+7 (910) {i // 10000:03d}-{i % 10000:04d}" for i in range(1, 901)]
    lines += [f"contact {i:04d}" for i in range(901, 1001)]
    people = folder / "people.txt"
    people.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return people


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    args = parser.parse_args()

    tabs: dict[str, list[float]] = {"name": [], "all": []}
    offered: dict[str, int] = {}
    with FakeAPI() as server, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server.keep_seen = False
        server.contacts = contact_book(saved=CONTACTS)
        # A journal each: one post a round in each stays under the journal's shared send
        # pace (5 in 1.06 s), which would otherwise make one post wait for another's.
        for name in ("plain", "number", "file"):
            (folder / name).mkdir()
        envs = {
            name: environment(server, folder / name, LC_ALL="C.UTF-8")
            for name in ("plain", "number", "file")
        }
        for env in envs.values():
            keep_contacts(env)
        people = prepare(folder, envs["file"])
        bare = folder / "bare.py"
        bare.write_text(BARE_SCRIPT)
        post = [GREENSTATUS, "post", "hello", "--allow-duplicate"]
        timed = {
            "python -c pass": ([sys.executable, "-c", "pass"], envs["plain"]),
            "bare requests.post script": (
                [sys.executable, str(bare), method_url(server, "sendTextStatus")],
                envs["plain"],
            ),
            "post (no recipients)": (post, envs["plain"]),
            "post -t NUMBER": ([*post, "-t", "+7 910 000-00-01"], envs["number"]),
            "post --to-file (1,000 vs 5,000)": ([*post, "--to-file", str(people)], envs["file"]),
        }
        env = envs["file"]
        last = list(timed)[-1]

        def tab(name: str) -> None:
            if name == last:
                for key, typed in (("name", "Contact 49"), ("all", "")):
                    seconds, offered[key] = tab_seconds(env, typed)
                    tabs[key].append(seconds)

        walls, rss = interleaved(timed, args.rounds, tab)
    med, mem = medians(walls, rss)
    tab_ms = {key: statistics.median(values) * 1000 for key, values in tabs.items()}
    base, py = med["bare requests.post script"], med["python -c pass"]

    print(f"{args.rounds} interleaved rounds, {load_average()}")
    print(f"{'command':34} {'median ms':>10} {'peak MiB':>9} {'× bare':>7}")
    for name in timed:
        print(f"{name:34} {med[name]:10.1f} {mem[name]:9.1f} {med[name] / base:7.2f}")
    for key, label in (("name", "TAB -t 'Contact 49'"), ("all", "TAB -t '' (every name)")):
        shown = f"{label} ({offered[key]} of {CONTACTS})"
        print(f"{shown:34} {tab_ms[key]:10.2f} {'':>9} {tab_ms[key] / py:7.3f} × python -c pass")

    budgets = [
        ("post -t NUMBER ≤ 1.3× bare", med["post -t NUMBER"] / base, 1.3),
        ("post 1,000 vs 5,000 ≤ 1.6× bare", med["post --to-file (1,000 vs 5,000)"] / base, 1.6),
        ("TAB over 5,000 names < 0.5× python", tab_ms["name"] / py, 0.5),
    ]
    return finish(args, budgets, med, mem, tab_ms=tab_ms)


if __name__ == "__main__":
    sys.exit(main())
