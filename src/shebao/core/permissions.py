"""The one place that answers "may this actor do this action on this object?".

Apps declare their rules in their own `rules.py` with @rule("app.noun.verb"); views, API and services
all ask `can()` or `require()`. An action nobody declared is refused, so a forgotten rule fails closed.
"""

from collections.abc import Callable

from shebao.core.errors import NotAllowed
from shebao.core.models import StaffProfile

Rule = Callable[[StaffProfile, object], bool]
_RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(func: Rule) -> Rule:
        if action in _RULES:
            raise RuntimeError(f"permission rule {action!r} is declared twice")
        _RULES[action] = func
        return func

    return register


def staff_of(user) -> StaffProfile | None:
    """The active staff profile of a signed-in user, or None (citizens, anonymous, disabled staff)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    profile = getattr(user, "staff", None) if hasattr(user, "staff") else None
    return profile if profile is not None and profile.active else None


def can(user, action: str, obj=None) -> bool:
    profile = staff_of(user)
    check = _RULES.get(action)
    if profile is None or check is None:
        return False
    return bool(check(profile, obj))


def require(user, action: str, obj=None) -> StaffProfile:
    if not can(user, action, obj):
        raise NotAllowed()
    profile = staff_of(user)
    assert profile is not None
    return profile


def declared_actions() -> frozenset[str]:
    return frozenset(_RULES)
