"""Cases for staff clients: accept (idempotent), read, act. Session sign-in; scoped by the rules."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from shebao.cases import selectors, services
from shebao.cases.models import Case, CaseEvent
from shebao.catalog.application_form import LONGEST_TEXT
from shebao.catalog.models import Bundle, Material, ServiceItem
from shebao.core.audit import log_action
from shebao.core.errors import ValidationFailed
from shebao.core.models import Agency, Outlet
from shebao.core.textlimits import NOTE_LIMIT, column_limit
from shebao.core.workdays import is_announced
from shebao.people.models import Employer
from shebao.people.selectors import person_for_intake

router = Router(tags=["cases"], auth=django_auth)


ItemCode = Annotated[str, Field(max_length=column_limit(ServiceItem, "code"))]
BundleCode = Annotated[str, Field(max_length=column_limit(Bundle, "code"))]
MaterialKey = Annotated[str, Field(max_length=column_limit(Material, "key"))]
ProxyName = Annotated[str, Field(max_length=column_limit(Case, "proxy_name"))]
DocType = Annotated[str, Field(max_length=column_limit(Case, "proxy_doc_type"))]
DocNumber = Annotated[str, Field(max_length=column_limit(Case, "proxy_doc_number"))]


class ProxySchema(Schema):
    name: ProxyName
    doc_type: DocType = "resident_id"
    doc_number: DocNumber
    basis: Annotated[str, Field(max_length=column_limit(Case, "proxy_basis"))]  # "binding" or "letter"


FormKey = Annotated[str, Field(max_length=40)]
FormAnswer = Annotated[str, Field(max_length=LONGEST_TEXT)]


class CaseIn(Schema):
    person_id: int
    item_code: ItemCode = ""
    bundle_code: BundleCode = ""
    received: list[MaterialKey] = []
    proxy: ProxySchema | None = None
    # The item's application form (GET /api/v1/catalog/items/{code} lists its fields): key -> answer.
    answers: dict[FormKey, FormAnswer] = {}


class HandlerSchema(Schema):
    """The employer's handling staff (经办人), acting on the employer's letter of authority."""

    name: ProxyName
    doc_type: DocType = "resident_id"
    doc_number: DocNumber


class EmployerCaseIn(Schema):
    credit_code: Annotated[str, Field(max_length=column_limit(Employer, "credit_code"))]
    employee_ids: list[int]
    handler: HandlerSchema
    item_code: ItemCode = ""
    bundle_code: BundleCode = ""
    received: list[MaterialKey] = []
    # The item's application form, the same for every employee: key -> answer.
    answers: dict[FormKey, FormAnswer] = {}


class CaseMaterialOut(Schema):
    key: str
    name: str
    status: str
    due: date | None


class StepOut(Schema):
    position: int
    name: str
    role: str
    state: str


class CaseOut(Schema):
    number: str
    state: str
    item_code: str
    item_version: int
    person: str  # masked
    outlet: str
    home_agency: str
    accepted_on: date
    deadline: date
    deadline_provisional: bool  # counted on weekdays in a year whose holidays are not yet announced
    deficiency_due: date | None
    remaining_working_days: int | None
    materials: list[CaseMaterialOut]
    steps: list[StepOut]


class SubmissionOut(Schema):
    created: bool
    cases: list[CaseOut]


class ActionIn(Schema):
    action: Annotated[str, Field(max_length=column_limit(CaseEvent, "action"))]  # claim, approve, ...
    reason: Annotated[str, Field(max_length=NOTE_LIMIT)] = ""
    materials: list[MaterialKey] = []
    days: int = 0
    to_agency: Annotated[str, Field(max_length=column_limit(Agency, "code"))] = ""
    # window, mail or electronic; empty: what the applicant chose
    method: Annotated[str, Field(max_length=column_limit(Case, "delivery_method"))] = ""
    outlet: Annotated[str, Field(max_length=column_limit(Outlet, "code"))] = ""
    # postal tracking number, for mail
    tracking_number: Annotated[str, Field(max_length=column_limit(Case, "mail_tracking_number"))] = ""


def case_out(case: Case) -> dict:
    return {
        "number": case.number,
        "state": case.state,
        "item_code": case.item_version.item.code,
        "item_version": case.item_version.number,
        "person": case.person.masked_name,
        "outlet": case.outlet.code,
        "home_agency": case.home_agency.code,
        "accepted_on": case.accepted_on,
        "deadline": case.deadline,
        "deadline_provisional": not is_announced(case.deadline),
        "deficiency_due": case.deficiency_due,
        "remaining_working_days": selectors.remaining_days(case),
        "materials": [
            {"key": m.key, "name": m.name, "status": m.status, "due": m.due} for m in case.materials.all()
        ],
        "steps": [
            {"position": s.position, "name": s.name, "role": s.role, "state": s.state}
            for s in case.steps.all()
        ],
    }


@router.post(
    "",
    response={200: SubmissionOut, 201: SubmissionOut},
    summary="Accept an item or a bundle (Idempotency-Key header: a retry returns the first result, 200)",
)
def case_create(request, payload: CaseIn):
    key = request.headers.get("Idempotency-Key", "")
    if not key:
        raise ValidationFailed(fields={"Idempotency-Key": _("An Idempotency-Key header is required.")})
    # Audited by the intake's own entry ("cases.case.accepted" names the person), or below for a retry.
    person = person_for_intake(user=request.user, person_id=payload.person_id)
    proxy = services.ProxyIn(**payload.proxy.dict()) if payload.proxy else None
    intake = services.case_accept(
        teller=request.user,
        person=person,
        item_code=payload.item_code,
        bundle_code=payload.bundle_code,
        received=set(payload.received),
        proxy=proxy,
        answers=payload.answers,
        idempotency_key=key,
    )
    if not intake.created:  # a retry writes nothing, but it did read the person's record
        log_action("people.person.viewed", actor=request.user, obj=person, data={"via": "case retry"})
    body = {"created": intake.created, "cases": [case_out(c) for c in intake.cases]}
    return Status(201 if intake.created else 200, body)


@router.post(
    "/employer",
    response={200: SubmissionOut, 201: SubmissionOut},
    summary="Accept an employer's item or bundle for several employees: one case per employee and item",
)
def employer_case_create(request, payload: EmployerCaseIn):
    key = request.headers.get("Idempotency-Key", "")
    if not key:
        raise ValidationFailed(fields={"Idempotency-Key": _("An Idempotency-Key header is required.")})
    employees = [person_for_intake(user=request.user, person_id=pk) for pk in payload.employee_ids]
    intake = services.employer_case_accept(
        teller=request.user,
        credit_code=payload.credit_code,
        employees=employees,
        handler=services.ProxyIn(basis="letter", **payload.handler.dict()),
        item_code=payload.item_code,
        bundle_code=payload.bundle_code,
        received=set(payload.received),
        answers=payload.answers,
        idempotency_key=key,
    )
    if not intake.created:
        for person in employees:
            log_action("people.person.viewed", actor=request.user, obj=person, data={"via": "case retry"})
    body = {"created": intake.created, "cases": [case_out(c) for c in intake.cases]}
    return Status(201 if intake.created else 200, body)


@router.get("/{number}", response=CaseOut, summary="One case (scoped, audited)")
def case_get(request, number: str):
    return case_out(selectors.case_detail(user=request.user, number=number))


def _act(user, number: str, a: ActionIn) -> None:
    actions = {
        "claim": lambda: services.case_claim(user=user, number=number),
        "approve": lambda: services.case_approve(user=user, number=number, note=a.reason),
        "return": lambda: services.case_return(
            user=user, number=number, reason=a.reason, materials=a.materials, days=a.days
        ),
        "reject": lambda: services.case_reject(user=user, number=number, reason=a.reason),
        "transfer": lambda: services.case_transfer(
            user=user, number=number, to_agency_code=a.to_agency, reason=a.reason
        ),
        "deliver": lambda: services.case_deliver(
            user=user, number=number, method=a.method, outlet_code=a.outlet, tracking_number=a.tracking_number
        ),
    }
    if a.action not in actions:
        raise ValidationFailed(fields={"action": _("One of: %(names)s.") % {"names": ", ".join(actions)}})
    actions[a.action]()


@router.post("/{number}/actions", response=CaseOut, summary="A back-office or window action on a case")
def case_action(request, number: str, payload: ActionIn):
    _act(request.user, number, payload)
    # The action itself was authorised; after a transfer the actor may no longer see the case.
    return case_out(Case.objects.get(number=number))
