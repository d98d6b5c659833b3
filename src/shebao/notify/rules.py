"""Who may see what of the notices (core.permissions): managers the figures of every scenario; staff
of an agency the notices addressed to their agency and the agencies under it."""

from shebao.core.models import Role
from shebao.core.permissions import rule


@rule("notify.stats.view")
def may_view_stats(staff, obj=None) -> bool:
    return staff.has_role(Role.MANAGER, Role.ADMIN)


@rule("notify.agency_inbox.view")
def may_view_agency_inbox(staff, obj=None) -> bool:
    return staff.has_role(Role.MANAGER, Role.REVIEWER, Role.APPROVER, Role.TELLER)
