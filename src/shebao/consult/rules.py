"""Who may answer consultations (core.permissions): hall guides and the back office of the asker's home
agency or an agency above it (not tellers: a bank or village point's teller is not the agency's voice);
reviewers and managers may also put an answer into the base."""

from shebao.core.models import Role
from shebao.core.permissions import rule

ANSWERING = (Role.GUIDE, Role.REVIEWER, Role.APPROVER, Role.MANAGER)


def _of_the_agency(staff, ticket) -> bool:
    return ticket is None or ticket.agency.path.startswith(staff.agency.path)


@rule("consult.ticket.list")
def may_list_tickets(staff, obj=None) -> bool:
    return staff.has_role(*ANSWERING)


@rule("consult.ticket.answer")
def may_answer(staff, ticket=None) -> bool:
    return staff.has_role(*ANSWERING) and _of_the_agency(staff, ticket)


@rule("consult.knowledge.promote")
def may_promote(staff, ticket=None) -> bool:
    return staff.has_role(Role.REVIEWER, Role.MANAGER) and _of_the_agency(staff, ticket)


@rule("consult.unanswered.view")
def may_view_unanswered(staff, obj=None) -> bool:
    return staff.has_role(Role.REVIEWER, Role.MANAGER, Role.ADMIN)
