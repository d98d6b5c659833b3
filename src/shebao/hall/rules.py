"""Who may do what in a hall (see core.permissions). Staff act for their own outlet; a manager for every
outlet of the agencies under theirs. The outsider (another district) is refused everything here."""

from shebao.core.models import Outlet, Role
from shebao.core.permissions import rule


def _outlet_of(obj) -> Outlet | None:
    if isinstance(obj, Outlet):
        return obj
    return getattr(obj, "outlet", None)


def _manages(staff, outlet: Outlet | None) -> bool:
    return outlet is not None and staff.has_role(Role.MANAGER) and staff.agency.covers(outlet.agency)


def _works_at(staff, outlet: Outlet | None, *roles: str) -> bool:
    return outlet is not None and staff.outlet_id == outlet.pk and staff.has_role(*roles)


@rule("hall.ticket.issue")
def may_issue_ticket(staff, obj) -> bool:
    """Guides hand out tickets with triage notes and confirm priority classes."""
    outlet = _outlet_of(obj)
    return _works_at(staff, outlet, Role.GUIDE, Role.TELLER) or _manages(staff, outlet)


@rule("hall.window.operate")
def may_operate_window(staff, window) -> bool:
    outlet = _outlet_of(window)
    return _works_at(staff, outlet, Role.TELLER) or _manages(staff, outlet)


@rule("hall.follow_up.handle")
def may_handle_follow_up(staff, obj) -> bool:
    return _manages(staff, _outlet_of(obj))


@rule("hall.statistics.view")
def may_view_statistics(staff, obj) -> bool:
    return _manages(staff, _outlet_of(obj))
