"""Who may do what in a hall (see core.permissions). Staff act for their own outlet; a manager for every
outlet of the agencies under theirs. The outsider (another district) is refused everything here."""

from shebao.core.models import Outlet, Role
from shebao.core.permissions import ACCEPT, CHECK, HAND_OVER, rule, stands_for
from shebao.hall.models import FollowUp, ServiceCategory, Window


def _outlet_of(obj) -> Outlet | None:
    if isinstance(obj, Outlet):
        return obj
    return getattr(obj, "outlet", None)


def _manages(staff, outlet: Outlet | None) -> bool:
    return outlet is not None and staff.has_role(Role.MANAGER) and staff.agency.covers(outlet.agency)


def _works_at(staff, outlet: Outlet | None, *roles: str) -> bool:
    return outlet is not None and staff.outlet_id == outlet.pk and staff.has_role(*roles)


def _serves_at(staff, outlet: Outlet | None) -> bool:
    """A teller of the outlet; at a cooperation point only while its agreement names them for a step."""
    return _works_at(staff, outlet, Role.TELLER) and stands_for(staff, ACCEPT, CHECK, HAND_OVER)


@rule("hall.ticket.issue")
def may_issue_ticket(staff, obj) -> bool:
    """Guides hand out tickets with triage notes and confirm priority classes."""
    outlet = _outlet_of(obj)
    return _works_at(staff, outlet, Role.GUIDE) or _serves_at(staff, outlet) or _manages(staff, outlet)


@rule("hall.window.operate")
def may_operate_window(staff, window) -> bool:
    # At a cooperation point the teller serves only while its agreement names them for a step.
    outlet = _outlet_of(window)
    return _serves_at(staff, outlet) or _manages(staff, outlet)


@rule("hall.follow_up.handle")
def may_handle_follow_up(staff, obj) -> bool:
    return _manages(staff, _outlet_of(obj))


@rule("hall.statistics.view")
def may_view_statistics(staff, obj) -> bool:
    return _manages(staff, _outlet_of(obj))


# --- The workbench's questions (asked with no object): is this part of the person's own work? ---------
# The rules above answer for one outlet or window and refuse a missing one; these answer for the staff
# member's own outlet, or the halls a manager oversees, so the staff home shows the right cards.


@rule("hall.window.serve")
def may_serve_at_a_window(staff, obj) -> bool:
    """A teller whose outlet has windows: their window page is their desk."""
    return (
        staff.has_role(Role.TELLER)
        and stands_for(staff, ACCEPT, CHECK, HAND_OVER)
        and Window.objects.filter(outlet_id=staff.outlet_id).exists()
    )


@rule("hall.ticket.hand_out")
def may_hand_out_tickets(staff, obj) -> bool:
    """Staff who may issue tickets at their own outlet, when it runs a queue."""
    outlet = staff.outlet
    return (
        outlet is not None
        and may_issue_ticket(staff, outlet)
        and ServiceCategory.objects.filter(outlet=outlet, active=True).exists()
    )


@rule("hall.hall.oversee")
def may_oversee_halls(staff, obj) -> bool:
    """A manager with at least one hall, or a bad rating of a partner point's case, under their agency
    (statistics, follow-ups of bad ratings)."""
    if not staff.has_role(Role.MANAGER):
        return False
    under = staff.agency.path
    return (
        ServiceCategory.objects.filter(outlet__agency__path__startswith=under).exists()
        or FollowUp.objects.filter(outlet__agency__path__startswith=under).exists()
    )


# --- Home visits (上门服务) --------------------------------------------------------------------------
# A request is taken by any front-line member of staff (a phone call, a relative at any window); the
# visit belongs to the assigned outlet: its manager(s), and the colleague who goes.


def _covers(staff, agency) -> bool:
    return agency is not None and staff.has_role(Role.MANAGER) and staff.agency.covers(agency)


def _manages_visit(staff, visit) -> bool:
    """The manager over the assigned outlet, or over the person's district (also before assignment)."""
    return _manages(staff, visit.outlet) or _covers(staff, visit.district)


@rule("hall.home_visit.take")
def may_take_home_visit_request(staff, obj) -> bool:
    return staff.has_role(Role.TELLER, Role.GUIDE, Role.MANAGER)


@rule("hall.home_visit.view")
def may_view_home_visit(staff, visit) -> bool:
    return (
        _manages_visit(staff, visit)
        or (visit.assigned_to_id is not None and visit.assigned_to_id == staff.pk)
        or (visit.outlet_id is not None and staff.outlet_id == visit.outlet_id)
    )


@rule("hall.home_visit.assign")
def may_assign_home_visit(staff, visit) -> bool:
    return _manages_visit(staff, visit)


@rule("hall.home_visit.record")
def may_record_home_visit(staff, visit) -> bool:
    """The colleague who goes; a manager over the visit may record for them (a paper form typed in)."""
    return (visit.assigned_to_id is not None and visit.assigned_to_id == staff.pk) or _manages_visit(
        staff, visit
    )


@rule("hall.home_visit.close")
def may_close_home_visit(staff, visit) -> bool:
    return may_record_home_visit(staff, visit)
