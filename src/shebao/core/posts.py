"""Exclusive posts (岗位互斥): the posts one person must not hold together, read from the configurable
`ExclusivePosts` table. Granting is refused with the conflict named; existing conflicts (granted before a
pair was added to the table) are listed for administrators."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from shebao.core.errors import ValidationFailed
from shebao.core.models import ExclusivePosts, Role, StaffProfile


@dataclass(frozen=True)
class PostConflict:
    post: str
    other: str
    reason: str

    def describe(self) -> str:
        return _("“%(post)s” and “%(other)s” must not be held by one person: %(reason)s") % {
            "post": Role(self.post).label,
            "other": Role(self.other).label,
            "reason": self.reason,
        }


def _table() -> list[PostConflict]:
    return [PostConflict(p.post, p.other, p.reason) for p in ExclusivePosts.objects.order_by("post", "other")]


def conflicts_among(roles: Iterable[str], table: list[PostConflict] | None = None) -> list[PostConflict]:
    held = set(roles)
    if len(held) < 2:
        return []
    return [c for c in (_table() if table is None else table) if c.post in held and c.other in held]


def check_posts(roles: Iterable[str]) -> None:
    """Raise, naming every conflict, when these posts must not be held together."""
    conflicts = conflicts_among(roles)
    if conflicts:
        raise ValidationFailed(
            " ".join(c.describe() for c in conflicts),
            fields={"roles": conflicts[0].describe()},
            code="exclusive_posts",
        )


def existing_conflicts() -> list[tuple[StaffProfile, PostConflict]]:
    """Staff who hold two exclusive posts today, for administrators to resolve."""
    found, table = [], _table()
    profiles = (
        StaffProfile.objects.filter(active=True, roles__isnull=False).distinct().prefetch_related("roles")
    )
    for profile in profiles.select_related("user", "agency").order_by("id"):
        for conflict in conflicts_among((r.role for r in profile.roles.all()), table):
            found.append((profile, conflict))
    return found
