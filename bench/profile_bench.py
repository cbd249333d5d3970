"""Time the profile of one answers file: `python bench/profile_bench.py [N]` prints p50/p95.

Content, rules and catalogs are loaded once (as in the bot); each timed call builds the whole
profile of one persona (tests/personas), with its texts, in Dutch and English in turn.
The budget is well under 5 ms per file.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.profile import bench_profile


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    bench_profile(50)  # warm up
    timing = bench_profile(n)
    print(f"profile of one answers file, n={n}: p50 {timing['p50_ms']:.3f} ms, "
          f"p95 {timing['p95_ms']:.3f} ms, max {timing['max_ms']:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
