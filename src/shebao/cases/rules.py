"""Who may do what with cases (see core.permissions).

- Tellers accept at their own outlet (the network rule `network.outlet.accept_item` decides per item)
  and see the cases their outlet accepted.
- Only staff of the case's home agency, or of an agency above it, act in the back office (全城通办:
  whatever outlet accepted it). Within it, a step is for the role the flow names.
- Segregation of duties is checked in the services, where the case's history is at hand.
- At a cooperation point every step flows from the point's agreement (network.rules): a teller checks
  materials or hands over results only while it is in force and names them for that step.
- Rules read the case as stored (its outlets, its home agency), never an outlet named in the request.
"""

from shebao.core.models import BACK_OFFICE_ROLES, OutletKind, Role
from shebao.core.permissions import rule
from shebao.network.models import Step
from shebao.network.rules import teller_may


def _teller_step(staff, case, step: str) -> bool:
    """A teller acting on this case at their own outlet, for a step its agreement authorises."""
    if not staff.has_role(Role.TELLER) or staff.outlet is None:
        return False
    return teller_may(staff, staff.outlet, case.item_version.item, step)


def _home(staff, case) -> bool:
    return case is not None and staff.agency.covers(case.home_agency)


@rule("cases.case.accept")
def may_accept(staff, obj) -> bool:
    # The point's agreement is asked per item by the intake (network.outlet.accept_item), which names it.
    return staff.has_role(Role.TELLER) and staff.outlet_id is not None


@rule("cases.online.accept")
def may_accept_online(staff, application) -> bool:
    """Online applications are accepted by the tellers of an agency hall (not a partner point) of the
    applicant's home agency or an agency above it."""
    if not (staff.has_role(Role.TELLER) and staff.outlet_id is not None):
        return False
    if staff.outlet.kind != OutletKind.AGENCY_HALL:
        return False
    return application is None or _home(staff, application)


@rule("cases.case.view")
def may_view(staff, case) -> bool:
    if staff.has_role(*BACK_OFFICE_ROLES, Role.ADMIN) and _home(staff, case):
        return True
    if case is None or staff.outlet_id is None:
        return False
    if staff.outlet_id == case.outlet_id:
        return any(_teller_step(staff, case, step) for step in Step.values)
    # The pick-up point the applicant chose sees the case it hands over.
    return staff.outlet_id == case.delivery_outlet_id and _teller_step(staff, case, Step.HAND_OVER)


@rule("cases.case.decide")
def may_decide(staff, case) -> bool:
    """Claim, approve, return or refuse: the back office of the case's home agency (the step's role is
    checked on the step itself)."""
    return staff.has_role(*BACK_OFFICE_ROLES) and _home(staff, case)


@rule("cases.step.claim")
def may_claim(staff, obj) -> bool:
    case, step = obj
    return _home(staff, case) and staff.has_role(step.role)


@rule("cases.case.transfer")
def may_transfer(staff, case) -> bool:
    return staff.has_role(Role.MANAGER, Role.REVIEWER) and _home(staff, case)


@rule("cases.case.supplement")
def may_supplement(staff, case) -> bool:
    """A teller anywhere in the same network (the citizen may bring it to any window) or the back office."""
    if case is None:
        return False
    if staff.has_role(Role.TELLER) and staff.outlet_id is not None:
        same_network = case.home_agency.path.startswith(staff.agency.root_path)
        return same_network and _teller_step(staff, case, Step.CHECK)
    return staff.has_role(*BACK_OFFICE_ROLES) and _home(staff, case)


@rule("cases.material.check")
def may_check_material(staff, case) -> bool:
    """A file the citizen uploaded is checked by the back office of the case's home agency."""
    return staff.has_role(*BACK_OFFICE_ROLES) and _home(staff, case)


@rule("cases.case.deliver")
def may_deliver(staff, case) -> bool:
    """The window hands over (综合窗口出件): a teller at the chosen outlet or the accepting one; the
    home agency's staff for mail and electronic delivery."""
    if case is None:
        return False
    if staff.has_role(Role.TELLER) and staff.outlet_id in {case.outlet_id, case.delivery_outlet_id}:
        return _teller_step(staff, case, Step.HAND_OVER)
    return staff.has_role(*BACK_OFFICE_ROLES) and _home(staff, case)


@rule("cases.queue.view")
def may_view_queue(staff, obj) -> bool:
    return staff.has_role(Role.REVIEWER, Role.APPROVER, Role.AUDITOR, Role.MANAGER)


@rule("cases.stats.view")
def may_view_stats(staff, obj) -> bool:
    return staff.has_role(Role.MANAGER, Role.ADMIN, Role.AUDITOR)
