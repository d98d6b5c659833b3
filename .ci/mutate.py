"""`make mutate`: mutation testing of the pure modules (no database) with cosmic-ray, each module against the
tests that pin it, in a scratch copy of the tree (cosmic-ray writes every mutant into the file it tests).

Prints, per module, how many mutants the tests killed and the diff of each one that survived, for a person
to judge: a surviving mutant is either a test to write or an equivalent change (a type annotation, a
tuning constant, a clamp that is already idempotent). Left out: operators that turn arithmetic into bit
operations (`*` into `<<`) or comparisons into identity tests (`<=` into `is`): on floats and arrays they
only crash, and they were half of the mutants. `make mutate MODULES=network/geo.py` runs one module.
The compiled functions (numba) run as plain Python here (NUMBA_DISABLE_JIT): the same source, without
compiling every mutant afresh (about 10 s each).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# module (under src/shebao) -> its tests (under src/shebao), all without a database
MODULES = {
    "network/geo.py": [
        "network/tests/test_geometry_matches_a_geodesic_library.py",
        "network/tests/test_nearest_is_exact.py",
    ],
    "network/nearest.py": [
        "network/tests/test_geometry_matches_a_geodesic_library.py",
        "network/tests/test_nearest_is_exact.py",
    ],
    "network/siting.py": [
        "network/tests/test_siting_steps.py",
        "network/tests/test_coverage_and_siting.py",
        "network/tests/test_geometry_matches_a_geodesic_library.py",
    ],
    "network/kdtree.py": [
        "network/tests/test_kdtree.py",
        "network/tests/test_nearest_is_exact.py",
    ],
    "core/textsearch/grams.py": ["core/tests/test_text_index_parts.py"],
}
EXCLUDED = [
    r"core/ReplaceBinaryOperator_.*_(FloorDiv|Mod|Pow|RShift|LShift|BitOr|BitAnd|BitXor)$",
    r"core/ReplaceComparisonOperator_.*_(Is|IsNot)$",
]
CONFIG = """[cosmic-ray]
module-path = "src/shebao/{module}"
timeout = 120.0
excluded-modules = []
test-command = "env NUMBA_DISABLE_JIT=1 {python} -m pytest -q -x -p no:cacheprovider {tests}"

[cosmic-ray.distributor]
name = "local"

[cosmic-ray.filters.operators-filter]
exclude-operators = [{excluded}]
"""


def scratch_copy() -> Path:
    """The source and test settings, without the virtualenv, caches or local data."""
    work = Path(tempfile.mkdtemp(prefix="shebao-mutate-"))
    shutil.copytree(ROOT / "src", work / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy(ROOT / name, work / name)
    return work


def mutate(work: Path, module: str) -> tuple[int, list[str]]:
    """(killed, diffs of the survivors) of one module."""
    name = module.replace("/", "_").removesuffix(".py")
    config, session = work / f"{name}.toml", work / f"{name}.sqlite"
    tests = " ".join(f"src/shebao/{t}" for t in MODULES[module])
    excluded = ", ".join(f'"{e}"'.replace("\\", "\\\\") for e in EXCLUDED)
    config.write_text(CONFIG.format(module=module, python=sys.executable, tests=tests, excluded=excluded))
    for command in (
        ["cosmic-ray", "init", config, session],
        ["cr-filter-operators", session, config],
        ["cosmic-ray", "exec", config, session],
    ):
        subprocess.run([str(BIN / command[0]), *map(str, command[1:])], cwd=work, check=True)  # noqa: S603
    with sqlite3.connect(session) as db:
        outcomes = dict(db.execute("SELECT test_outcome, count(*) FROM work_results GROUP BY 1").fetchall())
        survivors = [
            diff for (diff,) in db.execute("SELECT diff FROM work_results WHERE test_outcome = 'SURVIVED'")
        ]
    return outcomes.get("KILLED", 0), survivors


def main() -> None:
    wanted = os.environ.get("MODULES", "").split() or list(MODULES)
    work = scratch_copy()
    os.environ.setdefault("AUDIT_KEY", "mutation-testing-" + "k" * 32)  # settings need one; nothing is signed
    os.environ["PYTHONPATH"] = str(work / "src")
    try:
        for module in wanted:
            killed, survivors = mutate(work, module)
            print(f"\n## {module}: {killed} killed, {len(survivors)} survived")
            for diff in survivors:
                print(
                    "\n".join(
                        line
                        for line in diff.splitlines()
                        if line[:1] in "+-" and line[:3] not in ("---", "+++")
                    )
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
