"""Who may read a person's rights records (see core.permissions).

A person's whole contribution and payment history is more than the person card the window looks up for
any intake (全城通办), so staff read it only where the person belongs: the back office of an agency that
covers one of the person's home agencies, and a teller standing at an outlet of such an agency. A teller
elsewhere in the network who prints a statement for the person in front of them will do it through the
statement flow (the person proves presence with a texted code: issue 16's next milestone), not by lookup.
"""

from shebao.core.models import BACK_OFFICE_ROLES, Role
from shebao.core.permissions import ACCEPT, CHECK, rule, stands_for
from shebao.people.models import Person
from shebao.people.rules import home_agencies


@rule("records.person.read")
def may_read_records(staff, person: Person) -> bool:
    homes = home_agencies(person)
    at_window = staff.has_role(Role.TELLER) and stands_for(staff, ACCEPT, CHECK)
    back_office = staff.has_role(*BACK_OFFICE_ROLES)
    return (at_window or back_office) and any(staff.agency.covers(home) for home in homes)


@rule("records.document.revoke")
def may_revoke_document(staff, person: Person) -> bool:
    """An agency manager over one of the person's home agencies withdraws a statement or proof."""
    return staff.has_role(Role.MANAGER) and any(staff.agency.covers(home) for home in home_agencies(person))


@rule("records.document.print")
def may_print_documents(staff, obj=None) -> bool:
    """Who sees the window's printing page at all; each person is then asked of records.person.read."""
    return (staff.has_role(Role.TELLER) and stands_for(staff, ACCEPT, CHECK)) or staff.has_role(
        *BACK_OFFICE_ROLES
    )
