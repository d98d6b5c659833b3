"""Reads of persons for staff, scoped by the permission rules; every read of one record is audited."""

from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects

from shebao.core.audit import log_action
from shebao.core.errors import NotFound
from shebao.core.idcards import DocType, convert_15_to_18, normalise, validate_id
from shebao.core.masking import mask_id, mask_name
from shebao.core.models import BACK_OFFICE_ROLES, Agency, Role
from shebao.core.names import normalise_name
from shebao.core.permissions import can, require
from shebao.core.prepared import Prepared, keep_as_prefetched
from shebao.people.citizen_models import ProxyBinding
from shebao.people.models import IdentityDocument, InsuranceRecord, Person, Recipient

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


def number_forms(query: str) -> set[str]:
    """Every stored form the typed number may have: as typed (normalised), as each document type writes
    it (1234567801B is stored 1234567801(B)), and an old 15-digit ID's 18-digit number and back."""
    forms = {normalise(query)}
    for doc_type in DocType:
        check = validate_id(doc_type, query)
        if check.valid:
            forms.add(check.number)
            if doc_type == DocType.RESIDENT_ID_15:
                forms.add(convert_15_to_18(check.number))
            if doc_type == DocType.RESIDENT_ID and check.number[6:8] == "19":
                forms.add(check.number[:6] + check.number[8:17])
    return forms


def person_search(*, user, query: str) -> list[Person]:
    """Find persons by a full document number (any type) or by exact name; never by partial number,
    so the search cannot be used to enumerate ID numbers."""
    staff = require(user, "people.person.search")
    query = (query or "").strip()
    if not query:
        return []
    number = normalise(query)
    name = normalise_name(query)
    found = _visible_persons(staff).filter(Q(documents__number__in=number_forms(query)) | Q(name=name))
    persons = list(found.distinct().prefetch_related("documents").order_by("id")[:SEARCH_LIMIT])
    # The log keeps what kind of query it was, masked: a passport or permit number never reaches it whole.
    masked = mask_id(number) if any(ch.isdigit() for ch in number) else mask_name(name)
    log_action("people.person.searched", actor=user, data={"query": masked, "results": len(persons)})
    return persons


def _person_to_read(user, person_id: int) -> Person:
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
    return person


def person_detail(*, user, person_id: int) -> Person:
    person = _person_to_read(user, person_id)
    log_action("people.person.viewed", actor=user, obj=person)
    return person


def person_served(*, user, person_id: int, purpose: str) -> Person:
    """The person a member of staff is serving face to face, whose full name and document numbers they
    are shown to compare with the document in hand (GB/T 35273: unmasked only for the purpose at hand,
    masked everywhere else). The caller has checked that purpose (e.g. the teller accepting at the
    window); the read is audited as unmasked, with it."""
    person = _person_to_read(user, person_id)
    log_action("people.person.viewed_unmasked", actor=user, obj=person, data={"purpose": purpose})
    return person


_ROWS = {"records": InsuranceRecord, "benefits": Recipient}


def _with_agencies(name: str) -> Prefetch:
    """How a person's records or benefits are loaded: with their home agencies (one query)."""
    return Prefetch(name, queryset=_ROWS[name].objects.select_related("home_agency"))


def rows_of(person: Person, name: str) -> list:
    """The person's insurance records ("records") or benefits ("benefits") with their agencies: read once
    and kept with the person as prefetch_related keeps them (nothing read when loaded with the person)."""
    prefetch_related_objects([person], _with_agencies(name))
    return list(getattr(person, name).all())


def agencies_of(person: Person) -> Iterator[Agency]:
    """The home agencies of the person's records, then of their benefits: the benefits are read only if
    the caller goes on to them (most applicants are decided by a record)."""
    for name in ("records", "benefits"):
        yield from (row.home_agency for row in rows_of(person, name))


def person_for_intake(*, user, person_id: int) -> Person:
    """The applicant of a case intake: checked as person_detail checks, loaded with the insurance records
    that decide the home agency (two prepared reads; their benefits are read only if no record decides)
    and whether anyone acts for them, and not audited here: the intake's own entry records the read, in
    the transaction that makes the case (one audit entry per intake)."""
    found = _APPLICANT(person_id)
    if not found:
        raise NotFound()
    person = found[0]
    keep_as_prefetched(person, "records", _RECORDS_OF(person.pk))
    require(user, "people.person.view", person)
    return person


# A document recorded by supervised override that no second person has approved yet.
PENDING_OVERRIDES = IdentityDocument.objects.exclude(override_reason="").filter(
    override_approved_by__isnull=True
)

# Every intake reads these two: compiled once per connection (core.prepared), not built anew each time.
_APPLICANT = Prepared(
    Person.objects.annotate(
        identity_pending=Exists(PENDING_OVERRIDES.filter(person=OuterRef("pk"))),
        # Whether anyone is bound to act for them (亲情代办), who is texted about the case too.
        has_proxies=Exists(ProxyBinding.objects.filter(principal=OuterRef("pk"), ended_at__isnull=True)),
    ),
    "pk",
)
_RECORDS_OF = Prepared(_with_agencies("records").queryset, "person_id")


def identity_pending(person: Person) -> bool:
    """Whether the person's identity rests on an override still waiting for its approval (read with the
    person by person_for_intake, else asked here)."""
    known = getattr(person, "identity_pending", None)
    if known is not None:
        return bool(known)
    return PENDING_OVERRIDES.filter(person=person).exists()


def overrides_to_approve(*, user) -> list[IdentityDocument]:
    """Pending overrides this member of staff may approve (never their own: people.rules), oldest first."""
    pending = PENDING_OVERRIDES.select_related("person", "override_by__staff__agency").order_by("id")
    return [d for d in pending if can(user, "people.document.override.approve", d)]
