"""Permission rules of the core app (see core.permissions)."""

from shebao.core.models import Role
from shebao.core.permissions import rule


@rule("core.audit.view")
def may_view_audit(staff, obj) -> bool:
    return staff.has_role(Role.AUDITOR, Role.ADMIN)


@rule("core.staff_home.view")
def may_open_staff_home(staff, obj) -> bool:
    return True


@rule("core.own_account.manage")
def may_manage_own_account(staff, obj) -> bool:
    # Password and second factor: every active member of staff (an authenticator is open to all).
    return True


@rule("core.area.view")
def may_view_area_figures(staff, obj) -> bool:
    return staff.has_role(Role.MANAGER)


@rule("core.guide_desk.use")
def may_use_guide_desk(staff, obj) -> bool:
    return staff.has_role(Role.GUIDE)


@rule("core.admin.use")
def may_use_the_admin(staff, obj) -> bool:
    # Reference data (agencies, outlets, staff, catalogue) is kept by administrators only.
    return staff.has_role(Role.ADMIN)


@rule("core.stand_in.arrange")
def may_arrange_stand_ins(staff, obj) -> bool:
    # A角/B角: a manager names stand-ins and marks holders away for the agencies they manage.
    return staff.has_role(Role.MANAGER)
