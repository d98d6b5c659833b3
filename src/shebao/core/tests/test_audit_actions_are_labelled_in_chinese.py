"""Issue 14: no English codes in the Chinese staff pages. Every audit action the product records (the
dotted strings passed to log_action in the source) reads in Chinese on the audit page, not as
"cases.online.submitted"."""

import re
from pathlib import Path

from django.utils import translation

from shebao.core.audit_labels import VERBS, action_label

SRC = Path(__file__).resolve().parents[2]


def recorded_actions() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for action, verb in re.findall(r'"([a-z]+\.[a-z_]+\.([a-z_]+))"', path.read_text(encoding="utf-8")):
            if verb in VERBS:
                found.add(action)
    return found


def test_every_recorded_action_reads_in_chinese():
    actions = recorded_actions()
    assert "cases.online.submitted" in actions and "people.person.viewed" in actions
    with translation.override("zh-hans"):
        coded = sorted(a for a in actions if re.search("[A-Za-z]", action_label(a)))
    assert coded == []
