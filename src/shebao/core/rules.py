"""Permission rules of the core app (see core.permissions)."""

from shebao.core.models import Role
from shebao.core.permissions import rule


@rule("core.audit.view")
def may_view_audit(staff, obj) -> bool:
    return staff.has_role(Role.AUDITOR, Role.ADMIN)


@rule("core.staff_home.view")
def may_open_staff_home(staff, obj) -> bool:
    return True
