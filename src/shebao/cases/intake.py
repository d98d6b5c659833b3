"""Acceptance at the window (前台综合受理): one item or a bundle, checked against the outlet, the teller's
authorisation and the catalogue version in force; a one-time notice when something that cannot wait is
missing; otherwise cases routed to the applicant's home agency (全城通办)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shebao.cases import clock
from shebao.cases.flows import flow_for_intake
from shebao.cases.liveness import refuse_proxy
from shebao.cases.machine import move, record
from shebao.cases.models import Case, CaseMaterial, CaseScan, CaseStep, ProxyBasis, Submission
from shebao.cases.notice import MaterialsMissing, NoticeLine, OneTimeNotice
from shebao.cases.routing import SCHEMES, home_agency_of
from shebao.cases.states import CaseState, MaterialStatus
from shebao.cases.uploads import CheckedScan
from shebao.catalog.application_form import answers_for, form_check, form_of
from shebao.catalog.models import Bundle, ItemVersion, Requirement, Risk, ServiceItem
from shebao.catalog.selectors import active_bundle, active_item, guide_in_force
from shebao.catalog.statutory import statutory_limit
from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from shebao.core.idcards import validate_id
from shebao.core.models import Agency, Outlet
from shebao.core.permissions import can, require
from shebao.core.prepared import keep_as_prefetched
from shebao.network.selectors import outlet_may_accept
from shebao.people.models import Person
from shebao.people.proxies import is_bound
from shebao.people.selectors import identity_pending


@dataclass(frozen=True)
class ProxyIn:
    """Who acts for the applicant: a bound proxy, or anyone with a letter of authorisation."""

    name: str
    doc_type: str
    doc_number: str
    basis: str


@dataclass
class Intake:
    submission: Submission
    cases: list[Case]
    created: bool

    @property
    def case(self) -> Case:
        return self.cases[0]


@dataclass
class _Plan:
    item: ServiceItem
    version: ItemVersion
    materials: list = field(default_factory=list)
    answers: dict = field(default_factory=dict)  # this item's part of the application form


def _items(item_code: str, bundle_code: str) -> tuple[list[ServiceItem], Bundle | None]:
    if bool(item_code) == bool(bundle_code):
        raise ValidationFailed(fields={"item": _("Choose one item or one bundle.")})
    if item_code:
        item = active_item(item_code)
        if item is None:
            raise NotFound(_("There is no service item with this code."), fields={"item": _("Unknown item.")})
        return [item], None
    bundle, items = active_bundle(bundle_code)
    if bundle is None:
        raise NotFound(_("There is no bundle with this code."), fields={"bundle": _("Unknown bundle.")})
    return list(items), bundle


def _check_window(user, outlet: Outlet, items: list[ServiceItem]) -> None:
    """The network decides (tier, agreement, the teller's authorisation); we only say which failed."""
    for item in items:
        if can(user, "network.outlet.accept_item", (outlet, item)):
            continue
        if not outlet_may_accept(outlet, item):
            raise NotAllowed(
                _("This outlet may not accept “%(item)s”: its tier or agreement does not cover it.")
                % {"item": item.name},
                code="outlet_not_authorised",
            )
        raise NotAllowed(
            _("You are not authorised to accept “%(item)s” at this outlet.") % {"item": item.name},
            code="teller_not_authorised",
        )


def _plans(items: list[ServiceItem], day, applicant: str | None = "person") -> list[_Plan]:
    """Each item's version in force; `applicant` must be one of the item's applicant types (None: the
    bundle decided who applies, as an employer's bundle includes staff's own items, e.g. their cards)."""
    plans = []
    for item in items:
        if applicant is not None and applicant not in (item.applicant_types or ["person"]):
            if applicant == "person":
                raise ValidationFailed(
                    _("“%(item)s” is applied for by an employer, not by a person.") % {"item": item.name},
                    fields={"item": _("Not an item for individuals.")},
                )
            raise ValidationFailed(
                _("“%(item)s” is applied for by a person, not by an employer.") % {"item": item.name},
                fields={"item": _("Not an item for employers.")},
            )
        version, materials = guide_in_force(item, day)
        if version is None:
            raise ValidationFailed(
                _("“%(item)s” has no guide in force today.") % {"item": item.name},
                fields={"item": _("No guide in force.")},
            )
        plans.append(_Plan(item, version, list(materials)))
    return plans


def _fill_in(plans: list[_Plan], answers: Mapping[str, str]) -> None:
    """Check the answers against the form of every planned item (a bundle's form is one), then give each
    item's case its own part."""
    cleaned = form_check(form_of(p.version for p in plans), answers)
    for plan in plans:
        plan.answers = answers_for(plan.version, cleaned)


def _bound(proxy: ProxyIn, person: Person) -> bool:
    """A bound proxy (亲情代办) is checked against the bindings, not taken on their word."""
    number = "".join((proxy.doc_number or "").split()).upper()
    holder = Person.objects.filter(
        documents__number=number, documents__doc_type=proxy.doc_type or "resident_id"
    ).first()
    return holder is not None and is_bound(proxy=holder, principal=person)


def _check_proxy(proxy: ProxyIn | None, items: list[ServiceItem], received: set[str], person: Person) -> None:
    if proxy is None:
        return
    refuse_proxy(items)
    refused = [i.name for i in items if not i.proxy_allowed]
    if refused:
        raise ValidationFailed(
            _("“%(item)s” must be applied for in person.") % {"item": refused[0]},
            fields={"proxy": _("No proxy for this item.")},
        )
    fields = {}
    if not proxy.name.strip():
        fields["proxy_name"] = _("Enter the proxy's name.")
    if proxy.basis not in ProxyBasis.values:
        fields["proxy_basis"] = _("Choose a bound proxy or a letter of authorisation.")
    check = validate_id(proxy.doc_type or "resident_id", proxy.doc_number or "")
    if not check.valid:
        fields["proxy_doc_number"] = check.error
    if proxy.basis == ProxyBasis.LETTER and "power_of_attorney" not in received:
        fields["power_of_attorney"] = _("A proxy with a letter of authorisation must hand it in.")
    if proxy.basis == ProxyBasis.BINDING and check.valid and not _bound(proxy, person):
        fields["proxy_basis"] = _(
            "This person is not bound to act for the applicant. Bind them first (the applicant consents), "
            "or accept a letter of authorisation."
        )
    if fields:
        raise ValidationFailed(fields=fields)


def _missing(plans: list[_Plan], received: set[str]) -> tuple[list[NoticeLine], list[NoticeLine]]:
    """(blocking, deferrable): every missing material at once, each listed once with its items."""
    lines: dict[str, NoticeLine] = {}
    for plan in plans:
        for m in plan.materials:
            if m.key in received or m.requirement == Requirement.OPTIONAL:
                continue
            line = lines.setdefault(m.key, NoticeLine(m.key, m.name, m.requirement, m.defer_days, []))
            line.items.append(plan.item.name)
            if m.requirement == Requirement.REQUIRED:
                line.requirement, line.defer_days = Requirement.REQUIRED, None
            elif line.requirement == Requirement.DEFERRABLE:
                line.defer_days = min(line.defer_days or m.defer_days, m.defer_days)
    blocking = [x for x in lines.values() if x.requirement == Requirement.REQUIRED]
    return blocking, [x for x in lines.values() if x.requirement == Requirement.DEFERRABLE]


def _home(person: Person, fallback: Agency, items: list[ServiceItem]) -> Agency:
    """One submission, one deciding agency: the agency of the items' schemes (a bundle's items of other
    categories go with them), refused when two schemes are held at different agencies."""
    homes = {home_agency_of(person, fallback, item) for item in items if item.category in SCHEMES}
    if not homes:
        return home_agency_of(person, fallback)
    if len(homes) > 1:
        raise ValidationFailed(
            _("The items of this bundle are decided by different agencies: accept them one by one."),
            fields={"bundle": _("Items decided by different agencies.")},
            code="bundle_split_by_scheme",
        )
    return homes.pop()


def _fingerprint(person, items, bundle, received, proxy, scans, answers=None) -> str:
    body = {
        "person": person.pk,
        "items": [i.code for i in items],
        "bundle": bundle.code if bundle else "",
        "received": sorted(received),
        "proxy": [proxy.name, proxy.doc_type, proxy.doc_number, proxy.basis] if proxy else None,
        "scans": sorted(s.sha256 for s in scans),
    }
    if answers:  # only then: a submission made before forms existed keeps its fingerprint
        body["answers"] = answers
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _existing(user, key: str, fingerprint: str) -> Intake | None:
    """The intake this key already made, or None. Asked before every intake, nearly always of a new key:
    one plain statement (building the ORM's query each time was about 6% of an intake)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM cases_submission WHERE submitted_by_id = %s AND idempotency_key = %s",
            [user.pk, key],
        )
        found = cursor.fetchone()
    if found is None:
        return None
    submission = Submission.objects.get(pk=found[0])
    if submission.fingerprint != fingerprint:
        raise Conflict(
            _("This submission key was already used for a different application."),
            code="idempotency_key_reused",
        )
    cases = list(submission.cases.select_related("item_version__item", "home_agency").order_by("id"))
    return Intake(submission, cases, created=False)


def refuse_unapproved_identity(persons) -> None:
    """A person registered with a document the rules refuse (a supervised override) is served only once a
    second person has approved that document: until then their identity rests on one teller's word."""
    for person in persons:
        if identity_pending(person):
            raise NotAllowed(
                _(
                    "%(name)s's identity document was recorded although the rules refuse it and waits for a "
                    "second person's approval. Ask a manager or approver to approve it, then accept."
                )
                % {"name": person.masked_name},
                code="identity_override_pending",
            )


def checked_key(idempotency_key: str) -> str:
    """The submission key a retry repeats (1 to 100 characters, spaces around it ignored)."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 100:
        raise ValidationFailed(
            fields={"idempotency_key": _("A submission key of 1 to 100 characters is needed.")}
        )
    return key


def take_numbers(agency: Agency, day, count: int = 1) -> list[str]:
    """500103-20261124-000123: home agency, day, and that agency's next numbers of the day. One upsert
    statement, atomic on PostgreSQL and SQLite alike.

    Called outside a transaction (an intake at the window, over the API), it runs in a transaction of its
    own, so the agency's counter row is locked for that one statement instead of until the intake commits,
    and intakes for one agency do not queue behind each other's work. An intake that then fails leaves its
    number unused (a gap, never a duplicate). Inside a caller's transaction (accepting an online
    application, tests) the counter stays locked until that commits, and a failure leaves no gap."""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_casecounter (agency_id, day, last) VALUES (%s, %s, %s) "
            "ON CONFLICT (agency_id, day) DO UPDATE SET last = cases_casecounter.last + %s RETURNING last",
            [agency.pk, day, count, count],
        )
        last = cursor.fetchone()[0]
    return [f"{agency.code}-{day:%Y%m%d}-{seq:06d}" for seq in range(last - count + 1, last + 1)]


def case_accept(
    *,
    teller,
    person: Person,
    item_code: str = "",
    bundle_code: str = "",
    received: set[str] | frozenset[str] = frozenset(),
    scans: list[CheckedScan] | tuple = (),
    proxy: ProxyIn | None = None,
    answers: Mapping[str, str] | None = None,
    idempotency_key: str,
) -> Intake:
    """Accept one item or a bundle for `person` at the teller's outlet, with the answers on its application
    form. Raises MaterialsMissing (with the one-time notice) and creates nothing when a material that
    cannot wait is missing; ValidationFailed naming every wrong answer."""
    staff = require(teller, "cases.case.accept")
    key = checked_key(idempotency_key)
    items, bundle = _items(item_code, bundle_code)
    received = set(received) | {s.material_key for s in scans}
    answers = dict(answers or {})
    fingerprint = _fingerprint(person, items, bundle, received, proxy, scans, answers)
    found = _existing(teller, key, fingerprint)
    if found is not None:
        return found
    refuse_unapproved_identity([person])
    outlet = staff.outlet
    _check_window(teller, outlet, items)
    day = clock.today()
    plans = _plans(items, day)
    _fill_in(plans, answers)
    _check_proxy(proxy, items, received, person)
    home = _home(person, outlet.agency, items)
    unknown = {s.material_key for s in scans} - {m.key for p in plans for m in p.materials}
    if unknown:
        raise ValidationFailed(
            fields={f"scan_{k}": _("This material is not on the checklist.") for k in unknown}
        )
    blocking, deferred = _missing(plans, received)
    if blocking:
        notice = OneTimeNotice.build(person, plans, blocking + deferred, outlet, teller)
        log_action("cases.notice.issued", actor=teller, obj=person, data=notice.log_data())
        raise MaterialsMissing(notice)
    numbers = take_numbers(home, day, len(plans))
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                submitted_by=teller, idempotency_key=key, fingerprint=fingerprint, bundle=bundle
            )
            stored = {s.sha256: s.store("cases", day) for s in scans}
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
                    proxy,
                    scans,
                    stored,
                    number,
                )
                for plan, number in zip(plans, numbers, strict=True)
            ]
    except IntegrityError:
        # A concurrent retry with the same key committed first: return what it made.
        found = _existing(teller, key, fingerprint)
        if found is None:
            raise
        return found
    return Intake(submission, cases, created=True)


def _instant(plan: _Plan, received: set[str]) -> bool:
    """即申即办: a low-risk instant item with nothing deferred is decided at the window."""
    deferred = any(m.requirement == Requirement.DEFERRABLE and m.key not in received for m in plan.materials)
    return plan.item.instant and plan.item.risk == Risk.LOW and not deferred


def _limit_days(plan: _Plan, day) -> int:
    """The promised limit in working days, cut to end no later than the statutory one (法定时限, which may
    be calendar days: work-injury recognition's 60 days), so a promise can never overrun the law."""
    promised = plan.version.time_limit_days
    statutory = statutory_limit(plan.item.code)
    if statutory is None:
        return promised
    latest = statutory.deadline(day)
    if clock.add_working_days(day, promised) <= latest:
        return promised
    return clock.working_days_between(day, latest)


def _open_case(
    submission, plan, person, teller, outlet, home, day, received, proxy, scans, stored, number, employer=None
) -> Case:
    now = timezone.now()
    flow = None if _instant(plan, received) else flow_for_intake(plan.item, day)
    case = Case(
        flow=flow,
        submission=submission,
        person=person,
        item_version=plan.version,
        accepted_by=teller,
        outlet=outlet,
        home_agency=home,
        accepted_at=now,
        accepted_on=day,
        employer=employer,
        form_data=plan.answers,
    )
    case.start_clock(day, _limit_days(plan, day))
    if proxy is not None:
        case.proxy_name, case.proxy_doc_type = proxy.name.strip(), proxy.doc_type or "resident_id"
        case.proxy_doc_number, case.proxy_basis = proxy.doc_number.strip().upper(), proxy.basis
    rows = []
    for m in plan.materials:
        row = CaseMaterial(case=case, position=m.position, key=m.key, name=m.name, requirement=m.requirement)
        if m.key in received:
            row.status = MaterialStatus.RECEIVED
        elif m.requirement == Requirement.DEFERRABLE:
            row.status, row.due = MaterialStatus.DEFERRED, clock.add_working_days(day, m.defer_days)
            row.due_from, row.due_days = day, m.defer_days
        else:
            row.status = MaterialStatus.NOT_PROVIDED
        rows.append(row)
    dues = [r.due for r in rows if r.due]
    case.deficiency_due = min(dues) if dues else None
    instant = flow is None
    case.number = number
    case.save()
    CaseMaterial.objects.bulk_create(rows)
    mine = {m.key for m in plan.materials}
    CaseScan.objects.bulk_create(
        [
            CaseScan(
                case=case,
                material_key=s.material_key,
                file=stored[s.sha256],
                content_type=s.content_type,
                size=len(s.content),
                sha256=s.sha256,
                uploaded_by=teller,
            )
            for s in scans
            if s.material_key in mine
        ]
    )
    data = {
        "person": person.pk,  # the read of the person's record the intake needed: audited in this entry
        "item": plan.item.code,
        "version": plan.version.number,
        "outlet": outlet.code,
        "home_agency": home.code,
        "deadline": case.deadline.isoformat(),
    }
    if proxy is not None:
        data["proxy_basis"] = proxy.basis
    if employer is not None:
        data["employer"] = employer.credit_code
    if case.deficiency_due:
        data["deficiency_due"] = case.deficiency_due.isoformat()
    steps = []
    if not instant:
        steps = CaseStep.objects.bulk_create(
            [
                CaseStep(case=case, position=s.position, role=s.role, name=s.name)
                for s in case.flow.steps.all()
            ]
        )
    # The answer to the teller is built from the rows just written, not read back.
    keep_as_prefetched(case, "materials", rows)
    keep_as_prefetched(case, "steps", steps)
    case._from_state = ""
    # Recorded last: the audit chain's head stays locked from here to the commit, so every other writer
    # waits only for the few statements that follow, not for the whole intake.
    record(case, "accepted", actor=teller, data=data, to_state=CaseState.ACCEPTED)
    if instant:
        case.completed_at = timezone.now()
        case.save(update_fields=["completed_at"])
        move(case, CaseState.COMPLETED, "completed_at_window", actor=teller)
    return case
