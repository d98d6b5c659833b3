"""Every change to persons goes through these functions: validated, permission-checked, audited."""

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.core import events
from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotFound, ValidationFailed
from shebao.core.idcards import DocType, IdCheck, normalise, validate_id, validate_uscc
from shebao.core.masking import mask_id
from shebao.core.names import check_name
from shebao.core.permissions import require
from shebao.people.models import Employer, IdentityDocument, Person, Post, Sex
from shebao.people.selectors import number_forms

# A mainland mobile number, or an international one (+852 ..., +1 ...) for residents from elsewhere.
_MOBILE = re.compile(r"1[3-9]\d{9}")
_INTERNATIONAL = re.compile(r"\+[1-9]\d{6,14}")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]")

DUPLICATE_DOCUMENT = _("A person with this document is already registered.")
SAME_PERSON = _(
    "This number is already registered in another form (the old 15-digit ID and its 18-digit number, or "
    "the same number as another document type): it is the same person. Search for them and add the "
    "document there."
)


def _check_name(name: str) -> str:
    check = check_name(name)
    if not check.valid:
        raise ValidationFailed(fields={"name": check.error})
    return check.name


def _check_document(doc_type: str, number: str, person: Person | None = None) -> IdCheck:
    """A valid number that no other person holds in any form: one person per identity, so an old 15-digit
    ID and its 18-digit form, or the same number under another document type, are the same person."""
    check = validate_id(doc_type, number or "")
    if check.error_code == "unknown_doc_type":
        raise ValidationFailed(fields={"doc_type": check.error})
    if not check.valid:
        raise ValidationFailed(fields={"number": check.error})
    same = IdentityDocument.objects.filter(number__in=number_forms(check.number))
    if same.filter(doc_type=doc_type, number=check.number).exists():
        raise Conflict(DUPLICATE_DOCUMENT, code="duplicate_document")
    if same.exclude(person=person).exists():
        raise Conflict(SAME_PERSON, code="duplicate_document")
    return check


def _check_phone(phone: str) -> str:
    phone = _PHONE_SEPARATORS.sub("", phone or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if phone and not (_MOBILE.fullmatch(phone) or _INTERNATIONAL.fullmatch(phone)):
        message = _("Please enter an 11-digit mobile number, or an international number starting with +.")
        raise ValidationFailed(fields={"phone": message})
    return phone


def person_register(
    *, user, name: str, doc_type: str, number: str, phone: str = "", address: str = ""
) -> Person:
    """Register a person with their first identity document (a teller does this at the window)."""
    require(user, "people.person.register")
    name = _check_name(name)
    check = _check_document(doc_type, number)
    phone = _check_phone(phone)
    try:
        with transaction.atomic():
            person = Person.objects.create(
                name=name,
                sex=check.sex or "",
                birth_date=check.birth_date,
                phone=phone,
                address=(address or "").strip(),
            )
            IdentityDocument.objects.create(
                person=person, doc_type=doc_type, number=check.number, primary=True
            )
            log_action("people.person.registered", actor=user, obj=person, data={"doc_type": doc_type})
    except IntegrityError:
        # Two tellers registering the same document at the same instant: one wins, the other is told.
        raise Conflict(DUPLICATE_DOCUMENT, code="duplicate_document") from None
    return person


def person_add_document(*, user, person_id: int, doc_type: str, number: str) -> IdentityDocument:
    """Add another document a person holds (a Hong Kong resident's travel permit beside the residence
    permit, the new 18-digit number beside an old 15-digit one). The first document stays primary."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound()
    require(user, "people.document.add", person)
    check = _check_document(doc_type, number, person)
    if check.birth_date and person.birth_date and check.birth_date != person.birth_date:
        message = _("The birth date in this number differs from the person's: is it their document?")
        raise ValidationFailed(fields={"number": message})
    try:
        with transaction.atomic():
            document = IdentityDocument.objects.create(
                person=person, doc_type=doc_type, number=check.number, primary=False
            )
            log_action(
                "people.document.added",
                actor=user,
                obj=person,
                data={"doc_type": doc_type, "number": mask_id(check.number)},
            )
    except IntegrityError:
        raise Conflict(DUPLICATE_DOCUMENT, code="duplicate_document") from None
    return document


MIN_OVERRIDE_REASON = 10  # a sentence, not "ok"


def person_register_override(
    *, user, name: str, doc_type: str, number: str, reason: str, phone: str = "", address: str = ""
) -> Person:
    """Register a person whose document the rules refuse but who really holds it (a 9-digit Taiwan permit):
    the teller records why; the record is flagged and waits for a second person's approval (until then no
    case is accepted for them: cases.intake)."""
    require(user, "people.person.register")
    name = _check_name(name)
    phone = _check_phone(phone)
    number = (number or "").strip().upper()
    fields = {}
    if doc_type not in {t.value for t in DocType}:
        fields["doc_type"] = _("Unknown document type.")
    if not number.isalnum() or not number.isascii() or len(number) > 32:
        fields["number"] = _("Letters and digits only, as printed on the document.")
    if len((reason or "").strip()) < MIN_OVERRIDE_REASON:
        fields["reason"] = _("Say why this document is recorded although the rules refuse it.")
    if fields:
        raise ValidationFailed(fields=fields)
    if IdentityDocument.objects.filter(number__in=number_forms(number) | {number}).exists():
        raise Conflict(DUPLICATE_DOCUMENT, code="duplicate_document")
    with transaction.atomic():
        person = Person.objects.create(name=name, phone=phone, address=(address or "").strip())
        IdentityDocument.objects.create(
            person=person,
            doc_type=doc_type,
            number=number,
            primary=True,
            override_reason=reason.strip(),
            override_by=user,
        )
        log_action(
            "people.document.override_recorded",
            actor=user,
            obj=person,
            data={"doc_type": doc_type, "number": mask_id(number), "reason": reason.strip()},
        )
    return person


def document_override_approve(*, user, document_id: int) -> IdentityDocument:
    """The second person approves a supervised override; never the teller who recorded it."""
    with transaction.atomic():
        document = IdentityDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or not document.override_pending:
            raise NotFound(_("No document waits for this approval."), code="no_pending_override")
        require(user, "people.document.override.approve", document)
        document.override_approved_by = user
        document.save(update_fields=["override_approved_by"])
        log_action(
            "people.document.override_approved",
            actor=user,
            obj=document.person,
            data={"document": document.pk},
        )
    return document


def person_post_set(*, user, person_id: int, post: str) -> Person:
    """Record a woman's post from her file (blank: not known); the old and new post are audited."""
    if post not in {"", *Post.values}:
        raise ValidationFailed(fields={"post": _("Choose a cadre post, a worker post, or not known.")})
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(pk=person_id).first()
        if person is None:
            raise NotFound()
        require(user, "people.person.post", person)
        if person.sex != Sex.FEMALE:
            raise ValidationFailed(fields={"post": _("Only a woman's retirement age follows her post.")})
        before, person.post = person.post, post
        person.save(update_fields=["post"])
        log_action("people.person.post_recorded", actor=user, obj=person, data={"from": before, "to": post})
    return person


EMPLOYER_TAKEN = _("An employer with this unified social credit code is already registered.")


@dataclass(frozen=True)
class Handler:
    """The employer's handling staff (经办人) as the teller reads them off their own document."""

    name: str
    doc_type: str
    number: str
    phone: str = ""


def _holder(handler: Handler) -> Person | None:
    forms = number_forms(handler.number)
    return Person.objects.filter(documents__number__in=forms, documents__doc_type=handler.doc_type).first()


def _handler_person(user, handler: Handler) -> Person:
    """The handling staff as a person: found by their document (the name must be theirs), or registered
    with it, so that they can sign in and read the employer's notices."""
    known = _holder(handler)
    if known is None:
        try:
            return person_register(
                user=user,
                name=handler.name,
                doc_type=handler.doc_type,
                number=handler.number,
                phone=handler.phone,
            )
        except ValidationFailed as error:
            raise ValidationFailed(fields={f"handler_{k}": v for k, v in error.fields.items()}) from None
    if check_name(handler.name).name != known.name:
        message = _("This document is registered under another name: check the handling staff's name.")
        raise ValidationFailed(fields={"handler_name": message})
    return known


def _check_employer(credit_code: str, name: str) -> tuple[str, str]:
    fields = {}
    code = normalise(credit_code)
    valid, error = validate_uscc(code)
    if not valid:
        fields["credit_code"] = error
    name = " ".join((name or "").split())
    if not name:
        fields["name"] = _("Enter the employer's name, as on its business licence.")
    if fields:
        raise ValidationFailed(fields=fields)
    return code, name


def employer_register(
    *, user, credit_code: str, name: str, address: str, handler: Handler
) -> tuple[Employer, bool]:
    """Register an employer for social insurance at the teller's window (单位参保登记), its home agency the
    outlet's, with its handling staff; audited, and published once as people.employer.registered (the
    notices app welcomes it). The same registration sent again returns the first (created False); another
    on a registered code is refused. Nothing is stored when anything is refused."""
    staff = require(user, "people.employer.register")
    code, name = _check_employer(credit_code, name)
    if not handler.name.strip():
        raise ValidationFailed(fields={"handler_name": _("Enter the handling staff's name.")})
    existing = Employer.objects.filter(credit_code=code).select_related("handler").first()
    if existing is not None:
        if existing.name == name and existing.handler_id and existing.handler == _holder(handler):
            return existing, False  # a double tap, a retry after a lost answer
        raise Conflict(EMPLOYER_TAKEN, code="employer_registered")
    try:
        with transaction.atomic():
            person = _handler_person(user, handler)
            agency = staff.outlet.agency if staff.outlet_id else staff.agency
            employer = Employer.objects.create(
                credit_code=code, name=name, address=" ".join((address or "").split()), home_agency=agency,
                handler=person, registered_at=timezone.now(),
            )  # fmt: skip
            log_action("people.employer.registered", actor=user, obj=employer, data={"handler": person.pk})
            events.publish(
                "people.employer.registered", person_id=person.pk, period=code, employer_id=employer.pk,
                employer=name, credit_code=code,
            )  # fmt: skip
    except IntegrityError:
        raise Conflict(EMPLOYER_TAKEN, code="employer_registered") from None  # two windows at once
    return employer, True
