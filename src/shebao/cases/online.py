"""Online applications (网上申请): a signed-in citizen applies for an item offered online, for themself or
for someone they are bound to act for, and uploads the materials. A teller at the home agency's hall
checks them and accepts (受理: case_accept makes the case, its time limit starts) or returns the
application with everything missing at once (the one-time notice, online). The citizen is texted either way.

Nothing the citizen sent is lost: the application and its files are kept whatever happens; a retried
submission (same key) returns the first one; a second application of the same item for the same person
waits for the first to be decided.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shebao.cases import clock
from shebao.cases.intake import ProxyIn, case_accept, checked_key
from shebao.cases.liveness import certifies_life, refuse_online_form
from shebao.cases.models import Case, OnlineApplication, OnlineScan, OnlineState, ProxyBasis
from shebao.cases.notice import MaterialsMissing
from shebao.cases.routing import home_agency_of, top_agency
from shebao.cases.texts import text_each
from shebao.cases.uploads import CheckedScan, check_scan
from shebao.catalog.application_form import form_check, form_of
from shebao.catalog.models import ApplicantType, Channel, Requirement, ServiceItem
from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotFound, ValidationFailed
from shebao.core.models import Agency
from shebao.core.permissions import require
from shebao.core.typography import as_clause, join_list
from shebao.people.models import Person
from shebao.people.proxies import principals_of


def online_items() -> list[ServiceItem]:
    """Items a person may apply for online today (the catalogue's channel and applicant type)."""
    today = clock.today()
    in_force = Q(versions__effective_from__lte=today) & (
        Q(versions__effective_until__isnull=True) | Q(versions__effective_until__gt=today)
    )
    items = (
        ServiceItem.objects.filter(in_force, active=True)
        .distinct()
        .order_by("category", "-popularity", "code")
    )
    # Channels and applicant types are JSON lists: filtered here, the same way on SQLite and PostgreSQL.
    offered = [i for i in items if Channel.ONLINE in i.channels and ApplicantType.PERSON in i.applicant_types]
    return [i for i in offered if not certifies_life(i)]


def online_item(code: str) -> ServiceItem:
    item = ServiceItem.objects.filter(code=code, active=True).first()
    if item is None:
        raise NotFound(gettext_lazy("There is no such service item."))
    if Channel.ONLINE not in item.channels or ApplicantType.PERSON not in item.applicant_types:
        raise ValidationFailed(
            _("“%(item)s” cannot be applied for online. The guide says where to apply.")
            % {"item": item.name},
            code="not_online",
        )
    refuse_online_form(item)
    return item


def applicable_for(citizen: Person, item: ServiceItem) -> list[Person]:
    """For whom this citizen may apply: themself, and the people bound to them if a proxy may apply."""
    return [citizen, *principals_of(citizen)] if item.proxy_allowed else [citizen]


def followed_by(citizen: Person):
    """The applications a citizen follows in My services: those they made, and those of themself and of
    the people they act for (as with their cases)."""
    persons = [citizen.pk, *(p.pk for p in principals_of(citizen))]
    return OnlineApplication.objects.filter(Q(person_id__in=persons) | Q(applied_by=citizen))


def _fingerprint(person: Person, item: ServiceItem, scans: list[CheckedScan], answers: dict) -> str:
    body = {
        "person": person.pk,
        "item": item.code,
        "scans": sorted((s.material_key, s.sha256) for s in scans),
    }
    if answers:  # only then: an application made before forms existed keeps its fingerprint
        body["answers"] = answers
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _check_materials(version, scans: list[CheckedScan]) -> None:
    """Every required material at once (deferrable ones may follow, as at a window)."""
    materials = list(version.materials.order_by("position"))
    keys = {m.key for m in materials}
    fields = {
        f"scan_{s.material_key}": _("This material is not on the checklist.")
        for s in scans
        if s.material_key not in keys
    }
    sent = {s.material_key for s in scans}
    for m in materials:
        if m.requirement == Requirement.REQUIRED and m.key not in sent:
            fields[f"scan_{m.key}"] = _("Please upload “%(name)s”: it is required.") % {"name": m.name}
    if fields:
        raise ValidationFailed(
            _("Some required materials are missing. Each one is marked below."), fields=fields
        )


def _check_form_and_materials(version, answers: Mapping[str, str], scans: list[CheckedScan]) -> dict:
    """The cleaned answers; or every wrong answer and every missing material, refused together."""
    problems: dict = {}
    cleaned: dict = {}
    try:
        cleaned = form_check(form_of([version]), answers)
    except ValidationFailed as refused:
        problems.update(refused.fields)
    try:
        _check_materials(version, scans)
    except ValidationFailed as refused:
        problems.update(refused.fields)
    if problems:
        message = _("Some answers or materials are missing or wrong. Each one is marked below.")
        raise ValidationFailed(message, fields=problems)
    return cleaned


def _existing(citizen: Person, key: str, fingerprint: str) -> OnlineApplication | None:
    found = OnlineApplication.objects.filter(applied_by=citizen, idempotency_key=key).first()
    if found is not None and found.fingerprint != fingerprint:
        raise Conflict(
            _("This submission key was already used for a different application."),
            code="idempotency_key_reused",
        )
    return found


def _already_waiting(person: Person, item: ServiceItem) -> Conflict:
    return Conflict(
        _(
            "An application of “%(item)s” for this person is already waiting for acceptance. You will get a "
            "text when it is accepted; you may withdraw it in My services."
        )
        % {"item": item.name},
        code="already_waiting",
    )


def online_apply(
    *,
    citizen: Person,
    person: Person,
    item_code: str,
    scans: list[CheckedScan],
    answers: Mapping[str, str] | None = None,
    idempotency_key: str,
) -> OnlineApplication:
    """The citizen's online application, with the answers on the item's application form. Raises and
    creates nothing on any problem (every wrong answer and every missing material named at once)."""
    key = checked_key(idempotency_key)
    item = online_item(item_code)
    if person.pk not in {p.pk for p in applicable_for(citizen, item)}:
        raise ValidationFailed(
            fields={"person": _("You may apply only for yourself or for someone bound to you who allows it.")}
        )
    answers = dict(answers or {})
    fingerprint = _fingerprint(person, item, scans, answers)
    found = _existing(citizen, key, fingerprint)
    if found is not None:
        return found
    version = item.version_on(clock.today())
    if version is None:
        raise ValidationFailed(_("“%(item)s” has no guide in force today.") % {"item": item.name})
    cleaned = _check_form_and_materials(version, answers, scans)
    home = _home_agency(person, citizen, item)
    if OnlineApplication.objects.filter(person=person, item=item, state=OnlineState.SUBMITTED).exists():
        raise _already_waiting(person, item)
    try:
        with transaction.atomic():
            application = _create(citizen, person, item, version, key, fingerprint, scans, home, cleaned)
    except IntegrityError:
        # A concurrent retry with the same key, or a second tap on another device, committed first.
        found = _existing(citizen, key, fingerprint)
        if found is not None:
            return found
        raise _already_waiting(person, item) from None
    return application


def _create(citizen, person, item, version, key, fingerprint, scans, home, answers) -> OnlineApplication:
    day = clock.today()
    application = OnlineApplication.objects.create(
        person=person,
        applied_by=citizen,
        item=item,
        item_version=version,
        home_agency=home,
        idempotency_key=key,
        fingerprint=fingerprint,
        form_data=answers,
        check_due=clock.add_working_days(day, first_check_working_days()),
    )
    application.reference = f"WS{day:%Y%m%d}{application.pk:06d}"
    application.save(update_fields=["reference"])
    for s in scans:
        OnlineScan.objects.create(
            application=application,
            material_key=s.material_key,
            file=s.store("online", day),
            content_type=s.content_type,
            size=len(s.content),
            sha256=s.sha256,
        )
    by = "applicant" if citizen.pk == person.pk else "proxy"
    log_action("cases.online.submitted", obj=application, data={"item": item.code, "by": by})
    _tell(application, "received")
    return application


def first_check_working_days() -> int:
    """Working days a hall has to check an online application (region's setting, 1 by default)."""
    return getattr(settings, "SHEBAO", {}).get("ONLINE_FIRST_CHECK_WORKING_DAYS", 1)


def _home_agency(person: Person, citizen: Person, item: ServiceItem) -> Agency:
    """The agency of the person's record of the item's scheme (refused without one); a person insured
    nowhere yet is decided where the citizen applying for them is insured, else at the top agency (which
    passes it down by transfer like any case)."""
    return home_agency_of(person, home_agency_of(citizen, top_agency()), item)


def _lock(reference: str) -> OnlineApplication:
    application = (
        OnlineApplication.objects.select_for_update()
        .select_related("person", "applied_by", "item", "home_agency")
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise NotFound(gettext_lazy("There is no such online application."))
    return application


def _waiting(application: OnlineApplication) -> None:
    if application.state != OnlineState.SUBMITTED:
        raise Conflict(
            _("This application is no longer waiting: it is “%(state)s”.")
            % {"state": OnlineState(application.state).label},
            code="not_waiting",
        )


def _proxy(application: OnlineApplication) -> ProxyIn | None:
    if application.applied_by_id == application.person_id:
        return None
    doc = application.applied_by.primary_document
    return ProxyIn(
        name=application.applied_by.name,
        doc_type=doc.doc_type if doc else "",
        doc_number=doc.number if doc else "",
        basis=ProxyBasis.BINDING,
    )


def _scans(application: OnlineApplication, received: set[str]) -> list[CheckedScan]:
    """The uploads the teller found good, read back as checked scans for the case."""
    scans = []
    for scan in application.scans.filter(material_key__in=received):
        with default_storage.open(scan.file.name, "rb") as f:
            content = f.read()
        try:
            checked = check_scan(scan.material_key, scan.file.name, content)
        except ValidationFailed:
            checked = None
        if checked is None or checked.sha256 != scan.sha256:
            raise Conflict(_("A stored file of this application is damaged. Ask the citizen to apply again."))
        scans.append(checked)
    return scans


def online_accept(*, user, reference: str, received: set[str] | frozenset[str]) -> Case | OnlineApplication:
    """Accept an online application with the materials the teller found good. Returns the new case; or,
    when a material that cannot wait is not good, the application returned with the one-time notice."""
    with transaction.atomic():
        application = _lock(reference)
        require(user, "cases.online.accept", application)
        _waiting(application)
        good = set(received)
        try:
            intake = case_accept(
                teller=user,
                person=application.person,
                item_code=application.item.code,
                received=good,
                scans=_scans(application, good),
                proxy=_proxy(application),
                answers=application.form_data,
                idempotency_key=f"online-{application.pk}",
            )
        except MaterialsMissing as missing:
            lines = [x.name for x in missing.notice.lines if x.blocking]
            return _return(application, user, _("Required materials are missing or unreadable."), lines)
        application.state, application.case = OnlineState.ACCEPTED, intake.case
        application.decided_by, application.decided_at = user, timezone.now()
        application.save(update_fields=["state", "case", "decided_by", "decided_at"])
        log_action("cases.online.accepted", actor=user, obj=application, data={"case": intake.case.number})
        return intake.case


def online_return(*, user, reference: str, reason: str, missing_keys: list[str]) -> OnlineApplication:
    """Return an application: the reason and every material to bring again, all at once."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(fields={"reason": _("Say why the application cannot be accepted.")})
    with transaction.atomic():
        application = _lock(reference)
        require(user, "cases.online.accept", application)
        _waiting(application)
        names = dict(application.item_version.materials.values_list("key", "name"))
        return _return(application, user, reason, [names[k] for k in missing_keys if k in names])


def _return(application: OnlineApplication, user, reason: str, missing: list[str]) -> OnlineApplication:
    application.state, application.reason, application.missing = OnlineState.RETURNED, reason, missing
    application.decided_by, application.decided_at = user, timezone.now()
    application.save(update_fields=["state", "reason", "missing", "decided_by", "decided_at"])
    log_action("cases.online.returned", actor=user, obj=application, data={"missing": len(missing)})
    _tell(application, "returned")
    return application


def online_withdraw(*, citizen: Person, reference: str) -> OnlineApplication:
    with transaction.atomic():
        application = _lock(reference)
        # Whoever follows it in My services may withdraw it (the page offers the button to them all).
        if not followed_by(citizen).filter(pk=application.pk).exists():
            raise NotFound(gettext_lazy("There is no such online application."))
        _waiting(application)
        application.state, application.decided_at = OnlineState.WITHDRAWN, timezone.now()
        application.save(update_fields=["state", "decided_at"])
        log_action("cases.online.withdrawn", obj=application)
    return application


def _body(application: OnlineApplication, event: str) -> str:
    args = {"item": application.item.name, "reference": application.reference}
    if event == "received":
        return (
            _(
                "We received your online application “%(item)s”, number %(reference)s. We will text you "
                "when a member of staff has checked the materials."
            )
            % args
        )
    text = _("Online application %(reference)s “%(item)s” could not be accepted: %(reason)s.") % {
        **args,
        "reason": as_clause(application.reason),
    }
    if application.missing:
        text += " " + _("Please bring or upload %(missing)s and apply again.") % {
            "missing": join_list(application.missing)
        }
    return text


def _tell(application: OnlineApplication, event: str) -> None:
    """Text the person and the citizen who applied for them (once each)."""
    with translation.override(settings.LANGUAGE_CODE):
        body = _body(application, event)
    people = {p.pk: p for p in (application.person, application.applied_by)}
    text_each(
        people.values(),
        body=body,
        purpose=f"cases.online.{event}",
        dedupe_key=f"cases.online.{event}:{application.reference}",
    )
