"""Peak memory of the installed command uploading a large file to a local server.

The upload is streamed from disk, so peak memory must not grow with the file: a 50 MiB video
must be posted in under 60 MiB of peak RSS. A text post is measured alongside for reference.

Run with the Python of the environment greenstatus is installed in:

    .venv/bin/python benchmarks/upload_memory.py               # 50 MiB, 5 rounds
    .venv/bin/python benchmarks/upload_memory.py --mib 100 --rounds 3 --json results.json

Exits 1 when the median peak is over the budget, or the server got other bytes than the file's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from greenstatus.sandbox.server import ID_INSTANCE, TOKEN, FakeAPI

GREENSTATUS = str(Path(sys.executable).parent / "greenstatus")
BUDGET_MIB = 60.0

# Linux counts the RSS a child had before exec in its ru_maxrss, so a child forked from this
# process (which holds the server and every uploaded byte) would report at least this
# process's size. A small launcher forks, execs and measures the command instead, as
# benchmarks/startup.py does.
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


def _empty_config(path: Path) -> Path:
    """A named config file must exist (exit 78 otherwise); the environment holds the rest."""
    path.touch(mode=0o600)
    return path


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one run of cmd."""
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
    return float(wall), int(peak) / 1024


def write_file(path: Path, mib: int) -> str:
    """A file of random bytes (incompressible, like a video) after an MP4's first box, which
    greenstatus checks before the upload, and its SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as fh:
        for n in range(mib):
            chunk = os.urandom(1024 * 1024)
            if n == 0:
                chunk = b"\x00\x00\x00\x18ftypmp42" + chunk[12:]
            digest.update(chunk)
            fh.write(chunk)
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=50, help="file size in MiB (default 50)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    args = parser.parse_args()

    with FakeAPI() as server, tempfile.TemporaryDirectory() as tmp:
        video = Path(tmp) / "big.mp4"
        sha256 = write_file(video, args.mib)
        env = {k: v for k, v in os.environ.items() if not k.startswith("GREENSTATUS_")}
        env.update(
            GREENSTATUS_ID_INSTANCE=ID_INSTANCE,
            GREENSTATUS_API_TOKEN_INSTANCE=TOKEN,
            GREENSTATUS_API_URL=server.url,
            GREENSTATUS_MEDIA_URL=server.url,
            GREENSTATUS_CONFIG=str(_empty_config(Path(tmp) / "config.toml")),
            GREENSTATUS_STATE_DIR=str(Path(tmp) / "state"),
        )
        commands = {
            f"post --media ({args.mib} MiB)": [
                GREENSTATUS,
                "post",
                "--media",
                str(video),
                "-q",
                "--allow-duplicate",
            ],
            "post hello (text)": [GREENSTATUS, "post", "hello", "-q", "--allow-duplicate"],
        }
        walls: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, cmd in commands.items():
                wall, peak = run_once(cmd, env)
                walls[name].append(wall)
                peaks[name].append(peak)
                # Only the latest upload is kept: the server holds every byte it received.
                del server.seen[:]
            good = server.uploads[-1].sha256 == sha256
            del server.uploads[:]
            if not good:
                print("the server received other bytes than the file's")
                return 1

    print(f"{'command':28} {'median s':>9} {'peak MiB':>9} {'max MiB':>8}")
    for name in commands:
        print(
            f"{name:28} {statistics.median(walls[name]):9.2f} "
            f"{statistics.median(peaks[name]):9.1f} {max(peaks[name]):8.1f}"
        )
    upload_peak = statistics.median(peaks[next(iter(commands))])
    ok = upload_peak < BUDGET_MIB
    print(f"\n{'ok  ' if ok else 'MISS'} upload peak < {BUDGET_MIB:.0f} MiB: {upload_peak:.1f} MiB")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "mib": args.mib,
                    "rounds": args.rounds,
                    "median_s": {n: statistics.median(v) for n, v in walls.items()},
                    "peak_mib": {n: statistics.median(v) for n, v in peaks.items()},
                },
                indent=2,
            )
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
