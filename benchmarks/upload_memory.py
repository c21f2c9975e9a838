"""Wall time and peak memory of the installed command uploading a large file to a local server,
against a bare `requests` script streaming the same file.

The upload is streamed from disk, so peak memory must not grow with the file: a 50 MiB video
must be posted in under 60 MiB of peak RSS, and in at most 1.3 times the bare upload's time.
A text post is measured alongside for reference.

Run with the Python of the environment greenstatus is installed in:

    .venv/bin/python benchmarks/upload_memory.py               # 50 MiB, 5 interleaved rounds
    .venv/bin/python benchmarks/upload_memory.py --mib 100 --rounds 3 --json results.json

Exits 1 when a budget is missed, or the server got other bytes than the file's.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
from pathlib import Path

import common
from common import (
    BARE_UPLOAD_SCRIPT,
    GREENSTATUS,
    FakeAPI,
    environment,
    finish,
    interleaved,
    load_average,
    medians,
    method_url,
)

BUDGET_MIB = 60.0


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one run (tests/test_e2e_media.py bounds the peak)."""
    wall, peak = common.run_once(cmd, env)
    return wall, peak / 1024


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
        bare = Path(tmp) / "bare_upload.py"
        bare.write_text(BARE_UPLOAD_SCRIPT)
        env = environment(server, Path(tmp), GREENSTATUS_MEDIA_URL=server.url)
        upload = f"post --media ({args.mib} MiB)"
        commands = {
            upload: ([GREENSTATUS, "post", "--media", str(video), "-q", "--allow-duplicate"], env),
            "bare requests upload": (
                [sys.executable, str(bare), method_url(server, "uploadFile"), str(video)],
                env,
            ),
            "post hello (text)": ([GREENSTATUS, "post", "hello", "-q", "--allow-duplicate"], env),
        }
        received: list[bool] = []

        def forget(_name: str) -> None:
            # The server holds every byte it received: check them, then let them go.
            received.extend(u.sha256 == sha256 for u in server.uploads)
            del server.seen[:]
            del server.uploads[:]

        cpu: dict[str, list[float]] = {}
        walls, rss = interleaved(commands, args.rounds, forget, cpu)
    if not all(received):
        print("the server received other bytes than the file's")
        return 1

    med, mem = medians(walls, rss)
    print(f"{args.rounds} interleaved rounds, {load_average()}")
    cpu_ms = {name: statistics.median(values) * 1000 for name, values in cpu.items()}
    print(f"{'command':28} {'median ms':>10} {'peak MiB':>9} {'max MiB':>8} {'CPU ms':>7}")
    for name in commands:
        peak = max(rss[name]) / 1024
        print(f"{name:28} {med[name]:10.1f} {mem[name]:9.1f} {peak:8.1f} {cpu_ms[name]:7.1f}")
    # Informational: CPU time leaves out the wait for a core on a loaded machine.
    print(f"upload CPU × bare upload CPU: {cpu_ms[upload] / cpu_ms['bare requests upload']:.2f}")
    budgets = [
        (f"upload peak ≤ {BUDGET_MIB:.0f} MiB", mem[upload], BUDGET_MIB),
        ("upload wall ≤ 1.3× bare upload", med[upload] / med["bare requests upload"], 1.3),
    ]
    return finish(args, budgets, med, mem, mib=args.mib, cpu_ms=cpu_ms)


if __name__ == "__main__":
    sys.exit(main())
