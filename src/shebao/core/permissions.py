"""The one place that answers "may this actor do this action on this object?".

Apps declare their rules in their own `rules.py` with @rule("app.noun.verb"); views, API and services
all ask `can()` or `require()`. An action nobody declared is refused, so a forgotten rule fails closed.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model

from shebao.core.backends import PROFILE_RELATIONS
from shebao.core.errors import NotAllowed
from shebao.core.models import StaffProfile

Rule = Callable[[StaffProfile, object], bool]
_RULES: dict[str, Rule] = {}

# Delegated steps a teller performs at an outlet (受理, 材料审核, 结果反馈).
ACCEPT, CHECK, HAND_OVER = "accept", "check", "hand_over"
Standing = Callable[[StaffProfile, str], bool]
_standing: list[Standing] = []


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(func: Rule) -> Rule:
        if action in _RULES:
            raise RuntimeError(f"permission rule {action!r} is declared twice")
        _RULES[action] = func
        return func

    return register


def outlet_standing(func: Standing) -> Standing:
    """Register who decides whether a teller stands at their outlet for a step today (the network app:
    a cooperation point's agreement in force that names them). Earlier apps (people) ask `stands_for`
    without importing the app that knows agreements."""
    _standing.append(func)
    return func


def stands_for(staff: StaffProfile, *steps: str) -> bool:
    """A teller with an outlet, standing there for at least one of `steps` by every registered check."""
    if staff.outlet_id is None:
        return False
    return any(all(check(staff, step) for check in _standing) for step in steps)


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
        profile = StaffProfile.objects.select_related(*PROFILE_RELATIONS).filter(user=user).first()
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
