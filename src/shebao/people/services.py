"""Every change to persons goes through these functions: validated, permission-checked, audited."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from shebao.core.audit import log_action
from shebao.core.errors import Conflict, ValidationFailed
from shebao.core.idcards import validate_id
from shebao.core.permissions import require
from shebao.people.models import IdentityDocument, Person


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(fields={"name": _("Please enter the name as it is on the document.")})
    if any(ch.isdigit() for ch in name):
        raise ValidationFailed(fields={"name": _("A name cannot contain digits.")})
    return name


def person_register(
    *, user, name: str, doc_type: str, number: str, phone: str = "", address: str = ""
) -> Person:
    """Register a person with their first identity document (a teller does this at the window)."""
    require(user, "people.person.register")
    name = _check_name(name)
    check = validate_id(doc_type, number or "")
    if not check.valid:
        raise ValidationFailed(fields={"number": check.error})
    if IdentityDocument.objects.filter(doc_type=doc_type, number=check.number).exists():
        raise Conflict(_("A person with this document is already registered."), code="duplicate_document")
    try:
        with transaction.atomic():
            person = Person.objects.create(
                name=name,
                sex=check.sex or "",
                birth_date=check.birth_date,
                phone=phone.strip(),
                address=address,
            )
            IdentityDocument.objects.create(
                person=person, doc_type=doc_type, number=check.number, primary=True
            )
            log_action("people.person.registered", actor=user, obj=person, data={"doc_type": doc_type})
    except IntegrityError:
        # Two tellers registering the same document at the same instant: one wins, the other is told.
        raise Conflict(
            _("A person with this document is already registered."), code="duplicate_document"
        ) from None
    return person
