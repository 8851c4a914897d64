"""Hostile inputs at full size: per kind, how many variants, the worst time and the peak memory of one file.

Each variant is one `claimtrail extract FILE --db ...` process (so the numbers include the start-up
of Python and the models, printed as `baseline` for a small good file). The target: every file under
10 s and 1 GB on 2 cores.

    PYTHONPATH=src python bench/hostile.py [--kinds long_token,bomb] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests import hostile  # noqa: E402

SIZES = {  # hostile characters per variant (bombs: the compressed input expands about 100x this)
    "long_token": 1_000_000, "quote_flood": 1_000_000, "many_paragraphs": 1_000_000, "long_article": 200_000,
    "bomb": 200_000, "jsonl": 100_000, "markup": 0, "control": 0, "truncated": 100_000, "same_name": 0,
}
LIMIT_S = 120


def run_one(path: Path, db: Path) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB and exit code of one CLI run."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "claimtrail.cli", "extract", str(path), "--db", str(db), "--format", "jsonl"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    deadline = t + LIMIT_S
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return time.perf_counter() - t, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)
        if time.perf_counter() > deadline:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            return time.perf_counter() - t, usage.ru_maxrss / 1024, -9
        time.sleep(0.05)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kinds", default=",".join(hostile.KINDS))
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        hostile.write(hostile.good_files()[:1], tmp / "base")
        secs, rss, _ = run_one(tmp / "base" / "good" / "one.txt", tmp / "base.db")
        print(f"{'baseline':16} {1:>3} variants  worst {secs:6.2f} s  peak {rss:7.0f} MiB  (one small good file: start-up)")
        for kind in args.kinds.split(","):
            cases = hostile.KINDS[kind](int(SIZES[kind] * args.scale))
            hostile.write(cases, tmp / kind)
            worst = (0.0, 0.0, "", 0)
            peak = 0.0
            for c in cases:
                secs, rss, code = run_one(tmp / kind / c.name, tmp / f"{kind}.db")
                peak = max(peak, rss)
                if secs > worst[0]:
                    worst = (secs, rss, c.name, code)
            in_mb = max(len(c.data) for c in cases) / 1e6
            print(f"{kind:16} {len(cases):>3} variants  worst {worst[0]:6.2f} s  peak {peak:7.0f} MiB  "
                  f"(slowest: {worst[2]}, exit {worst[3]}; largest input {in_mb:.2f} MB)", flush=True)


if __name__ == "__main__":
    main()
