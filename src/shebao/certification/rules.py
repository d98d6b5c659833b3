"""Who may do what in certification (see core.permissions). Staff act for the recipients of the agencies
they cover; write-offs of an overpayment need an approver who did not propose them (checked in services)."""

from shebao.core.models import BACK_OFFICE_ROLES, Role
from shebao.core.permissions import ACCEPT, rule, stands_for
from shebao.people.models import Recipient


def _covers(staff, obj) -> bool:
    if obj is None:
        return True
    recipient = obj if isinstance(obj, Recipient) else getattr(obj, "recipient", None)
    if recipient is None and hasattr(obj, "death"):  # a recovery belongs to the dead recipient
        recipient = obj.death.recipient
    return recipient is None or staff.agency.covers(recipient.home_agency)


@rule("certification.recipient.view")
def may_view_recipient(staff, obj=None) -> bool:
    """The back office of the recipient's agency, and a teller at one of its outlets (assisted
    certification and home visits start from the overdue list)."""
    at_outlet = staff.has_role(Role.TELLER) and stands_for(staff, ACCEPT)
    return (at_outlet or staff.has_role(*BACK_OFFICE_ROLES)) and _covers(staff, obj)


@rule("certification.device.manage")
def may_manage_devices(staff, obj=None) -> bool:
    return staff.has_role(Role.MANAGER, Role.ADMIN)


@rule("certification.run.manage")
def may_run_silent(staff, obj=None) -> bool:
    return staff.has_role(Role.MANAGER, Role.ADMIN)


@rule("certification.spot_check.decide")
def may_spot_check(staff, obj=None) -> bool:
    return staff.has_role(Role.REVIEWER, Role.APPROVER) and _covers(staff, obj)


@rule("certification.recovery.handle")
def may_handle_recovery(staff, obj=None) -> bool:
    """Record a death, set instalments, record a repayment, propose a write-off."""
    return staff.has_role(Role.REVIEWER, Role.APPROVER) and _covers(staff, obj)


@rule("certification.recovery.approve")
def may_approve_write_off(staff, obj=None) -> bool:
    return staff.has_role(Role.APPROVER) and _covers(staff, obj)
