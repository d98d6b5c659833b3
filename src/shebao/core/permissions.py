"""The one place that answers "may this actor do this action on this object?".

Apps declare their rules in their own `rules.py` with @rule("app.noun.verb"); views, API and services
all ask `can()` or `require()`. An action nobody declared is refused, so a forgotten rule fails closed.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model

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
    profile = profile_of(user)
    return profile if profile is not None and profile.active else None


def profile_of(user) -> StaffProfile | None:
    """The user's staff profile, active or not, with its agency and outlet: one query, kept on the user
    (`user.staff`) as Django keeps a related object, so the rest of the request reads it for free."""
    related = get_user_model().staff.related  # (request.user is a lazy proxy of the user)
    if not related.is_cached(user):
        profile = StaffProfile.objects.select_related("agency", "outlet__agency").filter(user=user).first()
        related.set_cached_value(user, profile)
    return related.get_cached_value(user)


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
