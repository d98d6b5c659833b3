"""Who may read or register persons (see core.permissions).

Tellers accept any item for anyone in their province-level network (全城通办), so they may look up any
person under the same root agency; back-office staff see only persons whose records their agency holds.
A teller's rights flow from their standing at the outlet (core.permissions.stands_for): at a cooperation
point, its agreement in force naming them for the step, so suspending or ending it stops them at once.
"""

from itertools import chain

from shebao.core.models import BACK_OFFICE_ROLES, Agency, Role
from shebao.core.permissions import ACCEPT, CHECK, rule, stands_for
from shebao.people.models import Person
from shebao.people.selectors import agencies_of


def home_agencies(person: Person) -> list[Agency]:
    """The agencies holding the person's records and benefits, each once."""
    return list({agency.pk: agency for agency in agencies_of(person)}.values())


def _window(staff, *steps: str) -> bool:
    """A teller who stands at their outlet for one of these steps today."""
    return staff.has_role(Role.TELLER) and stands_for(staff, *steps)


@rule("people.person.view")
def may_view_person(staff, person: Person) -> bool:
    if _window(staff, ACCEPT, CHECK):
        # Records before benefits, one at a time: an applicant with a record in the teller's network is
        # allowed without their benefits being read; a person with neither is anyone's to serve.
        homes = agencies_of(person)
        first = next(homes, None)
        if first is None or any(h.path.startswith(staff.agency.root_path) for h in chain([first], homes)):
            return True
    return staff.has_role(*BACK_OFFICE_ROLES) and any(staff.agency.covers(h) for h in agencies_of(person))


@rule("people.person.search")
def may_search_persons(staff, obj) -> bool:
    return _window(staff, ACCEPT, CHECK) or staff.has_role(*BACK_OFFICE_ROLES)


@rule("people.person.register")
def may_register_person(staff, obj) -> bool:
    return _window(staff, ACCEPT)


@rule("people.proxy.bind")
def may_bind_proxy_at_window(staff, principal: Person) -> bool:
    """A teller records a binding when the principal consents in person at their window."""
    return _window(staff, ACCEPT) and may_view_person(staff, principal)


@rule("people.proxy.record")
def may_record_proxies(staff, obj) -> bool:
    """The workbench's question (no person yet): does this member of staff record bindings at a window?
    Binding one principal still asks people.proxy.bind."""
    return _window(staff, ACCEPT)


@rule("people.document.override.review")
def may_review_document_overrides(staff, obj) -> bool:
    """The workbench's question (no document yet): may this member of staff approve overrides at all?
    Approving one still asks people.document.override.approve."""
    return staff.has_role(Role.MANAGER, Role.APPROVER)


@rule("people.document.override.approve")
def may_approve_document_override(staff, document) -> bool:
    """The second person of a supervised override: a manager or approver over the recording teller."""
    recorder = getattr(document.override_by, "staff", None)
    return (
        staff.has_role(Role.MANAGER, Role.APPROVER)
        and staff.user_id != document.override_by_id
        and recorder is not None
        and staff.agency.covers(recorder.agency)
    )


@rule("people.document.add")
def may_add_document(staff, person: Person) -> bool:
    # The window that may register a person may also record another document of someone it may see.
    return _window(staff, ACCEPT) and may_view_person(staff, person)


@rule("people.person.post")
def may_record_post(staff, person: Person) -> bool:
    """A woman's post (her retirement age follows it) is read from her file by the back office of her
    home agency, not at a partner's window."""
    return staff.has_role(Role.REVIEWER, Role.APPROVER, Role.MANAGER) and any(
        staff.agency.covers(h) for h in home_agencies(person)
    )


@rule("people.employer.register")
def may_register_employer(staff, obj) -> bool:
    """An employer's registration (单位参保登记) is taken at a window, like a person's."""
    return _window(staff, ACCEPT)
