"""Templates of notices: variables in braces ({name}), checked when a scenario is saved and when a
notice is written. Pure: no database."""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class TemplateError(ValueError):
    pass


def declared(variables: str) -> list[str]:
    return [v for v in re.split(r"[\s,]+", variables or "") if v]


def placeholders(template: str) -> list[str]:
    """The variables a template uses, in order; braces that do not pair or name nothing are refused."""
    names = _PLACEHOLDER.findall(template)
    leftover = _PLACEHOLDER.sub("", template)
    if "{" in leftover or "}" in leftover:
        raise TemplateError("unpaired brace")
    for name in names:
        if not _NAME.match(name):
            raise TemplateError(f"bad variable name {{{name}}}")
    return names


def unknown_variables(template: str, variables: str) -> list[str]:
    allowed = set(declared(variables))
    return [name for name in placeholders(template) if name not in allowed]


def render(template: str, values: dict) -> str:
    """The template with its variables filled; a variable without a value is refused, never left blank."""
    missing = [name for name in placeholders(template) if values.get(name) in (None, "")]
    if missing:
        raise TemplateError("missing " + ", ".join(sorted(set(missing))))
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)
