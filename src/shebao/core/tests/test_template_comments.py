"""Django's `{# ... #}` comment ends at the end of its line: one begun on a line and closed on a later one is
not a comment, and citizens read it on the page (the certify page showed a developer's note above its
button). Longer notes go in `{% comment %}`."""

import re
from pathlib import Path

import shebao

TEMPLATES = sorted(Path(shebao.__file__).parent.glob("**/templates/**/*.html"))


def test_every_short_comment_ends_on_its_own_line():
    assert len(TEMPLATES) > 100  # the glob found the apps' templates
    unclosed = [
        f"{path.relative_to(Path(shebao.__file__).parent)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\{#(?!.*#\})", line)
    ]
    assert unclosed == []
