"""Persons for staff: look up and register. Session sign-in; every read is scoped and audited."""

from typing import Annotated

from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from shebao.core.permissions import require
from shebao.core.textlimits import NOTE_LIMIT, column_limit
from shebao.people import selectors, services
from shebao.people.models import IdentityDocument, Person

router = Router(tags=["persons"], auth=django_auth)


class DocumentOut(Schema):
    doc_type: str
    number: str  # masked


class PersonOut(Schema):
    id: int
    name: str  # masked
    sex: str
    birth_year: int | None
    phone: str  # masked
    documents: list[DocumentOut]


DocType = Annotated[str, Field(max_length=column_limit(IdentityDocument, "doc_type"))]
DocNumber = Annotated[str, Field(max_length=column_limit(IdentityDocument, "number"))]


class PersonIn(Schema):
    name: Annotated[str, Field(max_length=column_limit(Person, "name"))]
    doc_type: DocType
    number: DocNumber
    phone: Annotated[str, Field(max_length=column_limit(Person, "phone"))] = ""
    address: Annotated[str, Field(max_length=column_limit(Person, "address"))] = ""


def person_out(person: Person) -> dict:
    """Masked on the server: the full numbers never leave it through this API."""
    return {
        "id": person.pk,
        "name": person.masked_name,
        "sex": person.sex,
        "birth_year": person.birth_date.year if person.birth_date else None,
        "phone": person.masked_phone,
        "documents": [{"doc_type": d.doc_type, "number": d.masked_number} for d in person.documents.all()],
    }


@router.get("/{int:person_id}", response=PersonOut, summary="One person (audited read)")
def person_get(request, person_id: int):
    return person_out(selectors.person_detail(user=request.user, person_id=person_id))


@router.get("", response=list[PersonOut], summary="Find persons by a full document number or exact name")
def person_find(request, q: str):
    return [person_out(p) for p in selectors.person_search(user=request.user, query=q)]


@router.post("", response={201: PersonOut}, summary="Register a person with their first identity document")
def person_create(request, payload: PersonIn):
    person = services.person_register(user=request.user, **payload.dict())
    return Status(201, person_out(person))


class DocumentIn(Schema):
    doc_type: DocType
    number: DocNumber


@router.post(
    "/{int:person_id}/documents",
    response={201: PersonOut},
    summary="Add another identity document the person holds",
)
def document_add(request, person_id: int, payload: DocumentIn):
    services.person_add_document(user=request.user, person_id=person_id, **payload.dict())
    person = Person.objects.prefetch_related("documents").get(pk=person_id)
    return Status(201, person_out(person))


class PersonOverrideIn(PersonIn):
    reason: Annotated[str, Field(max_length=NOTE_LIMIT)]


class OverrideOut(Schema):
    document_id: int
    person_id: int
    person: str  # masked
    doc_type: str
    number: str  # masked
    reason: str
    pending: bool


def override_out(document: IdentityDocument) -> dict:
    return {
        "document_id": document.pk,
        "person_id": document.person_id,
        "person": document.person.masked_name,
        "doc_type": document.doc_type,
        "number": document.masked_number,
        "reason": document.override_reason,
        "pending": document.override_pending,
    }


@router.post(
    "/overrides",
    response={201: PersonOut},
    summary="Register a person with a document the rules refuse (a reason; a second person approves)",
)
def person_create_override(request, payload: PersonOverrideIn):
    person = services.person_register_override(user=request.user, **payload.dict())
    return Status(201, person_out(Person.objects.prefetch_related("documents").get(pk=person.pk)))


@router.get(
    "/overrides",
    response=list[OverrideOut],
    summary="Documents recorded by override that the caller may approve",
)
def override_list(request):
    require(request.user, "people.document.override.review")
    return [override_out(d) for d in selectors.overrides_to_approve(user=request.user)]


@router.post(
    "/overrides/{int:document_id}/approve",
    response=OverrideOut,
    summary="Approve a document recorded by override (a second person, never the recorder)",
)
def override_approve(request, document_id: int):
    document = services.document_override_approve(user=request.user, document_id=document_id)
    return override_out(IdentityDocument.objects.select_related("person").get(pk=document.pk))
