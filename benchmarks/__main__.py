"""`make bench`: run every benchmarks/bench_*.py module's main() (or only those named on the command line),
then repeat every goal row in one table. `--quick` (`make bench-quick`) runs small sizes: a check that the
benchmarks work, in under two minutes, not figures to quote."""

import os

# One BLAS thread (before NumPy loads): on 2 shared cores a threaded BLAS spins waiting for a busy core,
# and a single dot product of 50,000 numbers then takes 30 ms instead of 30 µs (the baselines' too).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")
    args = sys.argv[1:]
    if "--quick" in args:
        os.environ["BENCH_QUICK"] = "1"  # read by report.quick(), here and in benchmarks' child processes
    wanted = {a for a in args if not a.startswith("--")}
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_")
    )
    for name in names:
        if wanted and name not in wanted and name.removeprefix("bench_") not in wanted:
            continue
        print(f"\n## {name}")
        started = time.perf_counter()
        importlib.import_module(f"benchmarks.{name}").main()
        print(f"\n_{name} took {time.perf_counter() - started:.1f} s in all._")
    from benchmarks.report import GOALS, goal_table, machine

    if GOALS:
        print(f"\n## Every goal row\n\n_{machine()}_\n\n{goal_table(GOALS)}")


if __name__ == "__main__":
    main()
