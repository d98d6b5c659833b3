"""Employers at the window (单位经办): an employer, known by its unified social credit code, applies through
its handling staff (经办人) with a letter of authority for one item or a bundle, for several employees at
once: one case per employee and item, linked by one submission, decided by the employer's home agency."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from shebao.cases import clock
from shebao.cases.intake import (
    Intake,
    ProxyIn,
    _check_window,
    _existing,
    _fill_in,
    _items,
    _missing,
    _open_case,
    _plans,
    checked_key,
    refuse_unapproved_identity,
    take_numbers,
)
from shebao.cases.models import ProxyBasis, Submission
from shebao.cases.notice import MaterialsMissing, OneTimeNotice
from shebao.core.audit import log_action
from shebao.core.errors import NotFound, ValidationFailed
from shebao.core.idcards import validate_id
from shebao.core.permissions import require
from shebao.people.models import Employer, Person

MOST_EMPLOYEES = 50  # one submission at a window; a larger intake goes through a batch import


def employer_by_code(credit_code: str) -> Employer:
    code = "".join((credit_code or "").split()).upper()
    employer = Employer.objects.select_related("home_agency").filter(credit_code=code).first()
    if employer is None:
        raise NotFound(
            _("No employer is registered with this unified social credit code."),
            fields={"credit_code": _("Unknown employer.")},
        )
    return employer


def _check_handler(handler: ProxyIn, received: set[str]) -> None:
    """The handling staff show their own ID and the employer's letter of authority (单位介绍信/授权书)."""
    fields = {}
    if not handler.name.strip():
        fields["handler_name"] = _("Enter the handling staff's name.")
    check = validate_id(handler.doc_type or "resident_id", handler.doc_number or "")
    if not check.valid:
        fields["handler_doc_number"] = check.error
    if handler.basis != ProxyBasis.LETTER or "power_of_attorney" not in received:
        fields["power_of_attorney"] = _("The handling staff must hand in the employer's letter of authority.")
    if fields:
        raise ValidationFailed(fields=fields)


def _check_employees(employees: list[Person]) -> list[Person]:
    unique = list({p.pk: p for p in employees}.values())
    if not unique:
        raise ValidationFailed(fields={"employees": _("Choose the employees this application is for.")})
    if len(unique) > MOST_EMPLOYEES:
        raise ValidationFailed(
            fields={"employees": _("At most %(n)d employees in one submission.") % {"n": MOST_EMPLOYEES}}
        )
    return unique


def _fingerprint(employer, employees, items, bundle, received, handler, answers=None) -> str:
    body = {
        "employer": employer.pk,
        "employees": sorted(p.pk for p in employees),
        "items": [i.code for i in items],
        "bundle": bundle.code if bundle else "",
        "received": sorted(received),
        "handler": [handler.name, handler.doc_type, handler.doc_number, handler.basis],
    }
    if answers:  # only then: a submission made before the employer's window asked the form keeps its own
        body["answers"] = answers
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def employer_case_accept(
    *,
    teller,
    credit_code: str,
    employees: list[Person],
    handler: ProxyIn,
    item_code: str = "",
    bundle_code: str = "",
    received: set[str] | frozenset[str] = frozenset(),
    answers: Mapping[str, str] | None = None,
    idempotency_key: str,
) -> Intake:
    """Accept an employer's item or bundle for its employees at the teller's outlet, with the answers on
    its application form (the same for every employee): one case per employee and item, all routed to the
    employer's home agency. Raises and creates nothing on any problem."""
    staff = require(teller, "cases.case.accept")
    key = checked_key(idempotency_key)
    employer = employer_by_code(credit_code)
    employees = _check_employees(employees)
    items, bundle = _items(item_code, bundle_code)
    received = set(received)
    answers = dict(answers or {})
    fingerprint = _fingerprint(employer, employees, items, bundle, received, handler, answers)
    found = _existing(teller, key, fingerprint)
    if found is not None:
        return found
    refuse_unapproved_identity(employees)
    outlet = staff.outlet
    _check_window(teller, outlet, items)
    day = clock.today()
    if bundle is not None and bundle.applicant_type != "employer":
        raise ValidationFailed(
            _("“%(bundle)s” is a bundle for individuals, not for employers.") % {"bundle": bundle.name},
            fields={"bundle": _("Not a bundle for employers.")},
        )
    # An employer's bundle may hold items staff could apply for themselves (their cards): it applies for all.
    plans = _plans(items, day, applicant=None if bundle else "employer")
    _fill_in(plans, answers)
    _check_handler(handler, received)
    blocking, deferred = _missing(plans, received)
    if blocking:
        applicant = SimpleNamespace(masked_name=employer.name)  # an employer's name is public
        notice = OneTimeNotice.build(applicant, plans, blocking + deferred, outlet, teller)
        log_action("cases.notice.issued", actor=teller, obj=employer, data=notice.log_data())
        raise MaterialsMissing(notice)
    home = employer.home_agency
    pairs = [(person, plan) for person in employees for plan in plans]
    numbers = take_numbers(home, day, len(pairs))
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                submitted_by=teller, idempotency_key=key, fingerprint=fingerprint, bundle=bundle
            )
            cases = [
                _open_case(
                    submission,
                    plan,
                    person,
                    teller,
                    outlet,
                    home,
                    day,
                    received,
                    handler,
                    (),
                    {},
                    number,
                    employer,
                )
                for (person, plan), number in zip(pairs, numbers, strict=True)
            ]
    except IntegrityError:
        found = _existing(teller, key, fingerprint)
        if found is None:
            raise
        return found
    return Intake(submission, cases, created=True)
