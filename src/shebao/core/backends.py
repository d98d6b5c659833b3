"""Signing in checks the password as Django's ModelBackend does; what differs is reading the signed-in user
back on each request: with their staff profile, its agency and outlet in the same statement, since almost
every staff request asks for them (core.permissions.profile_of finds them already there)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

# The relations profile_of reads: kept the same as its own query so either may answer.
PROFILE_RELATIONS = ("agency", "outlet__agency")


class StaffModelBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related(*(f"staff__{r}" for r in PROFILE_RELATIONS))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
