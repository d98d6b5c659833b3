"""Reads of persons for staff, scoped by the permission rules; every read of one record is audited."""

from django.db.models import Q, QuerySet

from shebao.core.audit import log_action
from shebao.core.errors import NotFound
from shebao.core.models import BACK_OFFICE_ROLES, Role
from shebao.core.permissions import require
from shebao.people.models import Person

SEARCH_LIMIT = 20


def _visible_persons(staff) -> QuerySet[Person]:
    if staff.has_role(Role.TELLER):
        root = staff.agency.root_path
        return Person.objects.filter(
            Q(records__home_agency__path__startswith=root)
            | Q(benefits__home_agency__path__startswith=root)
            | Q(records__isnull=True, benefits__isnull=True)
        )
    if staff.has_role(*BACK_OFFICE_ROLES):
        path = staff.agency.path
        return Person.objects.filter(
            Q(records__home_agency__path__startswith=path) | Q(benefits__home_agency__path__startswith=path)
        )
    return Person.objects.none()


def person_search(*, user, query: str) -> list[Person]:
    """Find persons by a full document number (any type) or by exact name; never by partial number,
    so the search cannot be used to enumerate ID numbers."""
    staff = require(user, "people.person.search")
    query = (query or "").strip()
    if not query:
        return []
    normalised = query.replace(" ", "").upper()
    found = _visible_persons(staff).filter(Q(documents__number=normalised) | Q(name=query))
    persons = list(found.distinct().prefetch_related("documents").order_by("id")[:SEARCH_LIMIT])
    log_action("people.person.searched", actor=user, data={"query": query, "results": len(persons)})
    return persons


def person_detail(*, user, person_id: int) -> Person:
    person = (
        Person.objects.prefetch_related(
            "documents", "records__home_agency", "records__employer", "benefits__home_agency"
        )
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise NotFound()
    require(user, "people.person.view", person)
    log_action("people.person.viewed", actor=user, obj=person)
    return person
