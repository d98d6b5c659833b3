"""Who may do what in the outlet network (see core.permissions).

A teller's right to act at a cooperation point comes from the point's agreement: they must be named in
it for the step (accept, check materials, hand over), the agreement must be in force and list the item.
Suspending or ending the agreement therefore takes the right away at the same moment, with nothing to
revoke one by one. The cases app asks `network.outlet.accept_item` with obj = (outlet, item or code).
"""

from shebao.core.models import Role
from shebao.core.permissions import outlet_standing, rule
from shebao.network import items
from shebao.network.models import AgreementStaff, Step
from shebao.network.selectors import (
    agreement_in_force,
    items_acceptable_at,
    kept_while_agreements_unchanged,
    outlet_may_accept,
)


@outlet_standing
def named_in_agreement(staff, step: str) -> bool:
    """At a cooperation point, a teller stands for a step only while the point's agreement is in force and
    names them for it; every other outlet is the agency's own."""
    outlet = staff.outlet
    if outlet is None or not items.needs_agreement(outlet.level, outlet.kind):
        return True
    agreement = agreement_in_force(outlet)
    if agreement is None:
        return False
    named = kept_while_agreements_unchanged(
        ("agreement_steps", agreement.pk, staff.pk),
        lambda: frozenset(
            AgreementStaff.objects.filter(agreement=agreement, staff=staff).values_list("step", flat=True)
        ),
    )
    return step in named


def teller_may(staff, outlet, item, step: str) -> bool:
    if not staff.has_role(Role.TELLER) or staff.outlet_id != outlet.id:
        return False
    try:
        if not outlet_may_accept(outlet, item):
            return False
    except items.UnknownItem:
        return False
    return named_in_agreement(staff, step)


def items_teller_may_accept(staff) -> list:
    """Every item `network.outlet.accept_item` allows this teller at their own outlet today, in one pass
    (the same rule as teller_may, asked once for the outlet instead of once per item)."""
    outlet = staff.outlet
    if not staff.has_role(Role.TELLER) or outlet is None or not named_in_agreement(staff, Step.ACCEPT):
        return []
    return items_acceptable_at(outlet)


@rule("network.outlet.accept_item")
def may_accept_item(staff, obj) -> bool:
    outlet, item = obj
    return teller_may(staff, outlet, item, Step.ACCEPT)


@rule("network.outlet.check_materials")
def may_check_materials(staff, obj) -> bool:
    outlet, item = obj
    return teller_may(staff, outlet, item, Step.CHECK)


@rule("network.outlet.hand_over")
def may_hand_over(staff, obj) -> bool:
    outlet, item = obj
    return teller_may(staff, outlet, item, Step.HAND_OVER)


def manages(staff, outlet) -> bool:
    """Managers of the outlet's agency (or an agency above it) and administrators."""
    if staff.has_role(Role.ADMIN):
        return True
    return staff.has_role(Role.MANAGER) and outlet is not None and staff.agency.covers(outlet.agency)


@rule("network.agreement.manage")
def may_manage_agreement(staff, outlet) -> bool:
    return manages(staff, outlet)


@rule("network.outlet.manage")
def may_manage_outlet(staff, outlet) -> bool:
    return manages(staff, outlet)


@rule("network.outlet.oversee")
def may_oversee_outlets(staff, obj) -> bool:
    """The list of points to look after (asked with no object): managers, for the points of their
    agency's area; administrators, for all. Changing one point still asks network.outlet.manage."""
    return staff.has_role(Role.ADMIN, Role.MANAGER)


@rule("network.coverage.view")
def may_view_coverage(staff, area) -> bool:
    """The monitoring platform: managers, for their own agency's area; administrators, everywhere."""
    if staff.has_role(Role.ADMIN):
        return True
    return staff.has_role(Role.MANAGER) and (area is None or staff.agency.covers(area))
