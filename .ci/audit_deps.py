"""Audit the installed dependencies (the pinned ones and what they pull in) for known vulnerabilities.

pip-audit over the project's venv, the editable project itself left out. Three outcomes:
- a dependency has a known vulnerability: exit 1, each one named with the versions that fix it (raise the
  pin in pyproject.toml to a fixed version, run the tests that touch the package);
- every dependency was checked and none has one: exit 0;
- the vulnerability service could not answer for some dependencies (it is PyPI's JSON API; a machine with
  only a package mirror gets "not found"): exit 2, unless --allow-unchecked, which reports them loudly and
  exits 0, so CI on such a machine still fails on every vulnerability it can see.

Usage: .venv/bin/python .ci/audit_deps.py [--allow-unchecked]   (make audit-deps)
"""

import json
import subprocess
import sys
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
PROJECT = "shebao"  # installed editable: its own code is not a dependency


def audit() -> list[dict]:
    command = [
        str(VENV_BIN / "pip-audit"),
        "--skip-editable",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        return json.loads(done.stdout)["dependencies"]
    except (ValueError, KeyError):
        sys.stderr.write(done.stderr)
        raise SystemExit(f"!! pip-audit did not report (exit {done.returncode})") from None


def main(allow_unchecked: bool) -> int:
    dependencies = audit()
    vulnerable = [d for d in dependencies if d.get("vulns")]
    unchecked = [d for d in dependencies if d.get("skip_reason") and d["name"] != PROJECT]
    checked = sum(1 for d in dependencies if not d.get("skip_reason"))
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(f"!! {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixed})")
    if vulnerable:
        print(f"!! {len(vulnerable)} dependencies have known vulnerabilities")
        return 1
    print(f"== {checked} dependencies checked, no known vulnerability")
    if unchecked:
        print(f"!! {len(unchecked)} dependencies could not be checked, e.g. {unchecked[0]['skip_reason']}")
        if not allow_unchecked:
            return 2
        print("!! (allowed: the vulnerability service is out of this machine's reach; audit elsewhere)")
    return 0


if __name__ == "__main__":
    sys.exit(main(allow_unchecked="--allow-unchecked" in sys.argv[1:]))
