"""Certification for staff: the desk (what needs doing), devices (register, revoke), the overdue list of
an outlet's area nearest first (each one can become a home visit), spot checks of relatives'
certifications, deaths and the recovery of what was paid after them, and silent runs with their reports.
The rules live in the services; these pages collect choices and say why something is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.certification import payments, services, silent
from shebao.certification.evidence import PROBLEM_LABELS, SOURCE_LABELS, EvidenceRefused
from shebao.certification.models import (
    Certification,
    DeathSource,
    Device,
    DeviceKind,
    KeyAlgorithm,
    Recovery,
    Refusal,
    SilentRun,
)
from shebao.certification.states import RecoveryState, SpotCheck
from shebao.core.audit import log_action
from shebao.core.errors import ApplicationError, NotFound, ValidationFailed
from shebao.core.models import Outlet
from shebao.core.permissions import can, require
from shebao.hall.home_visits import VisitRequest, home_visit_request
from shebao.hall.models import Need, Relation, RequestChannel
from shebao.network.geo import haversine_m
from shebao.people.citizens import person_by_number
from shebao.people.models import Recipient, RecipientStatus


def _error_page(request, template: str, context: dict, error: ApplicationError) -> HttpResponse:
    return render(request, template, {**context, "error": error}, status=error.status)


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    staff = require(request.user, "certification.recipient.view")
    area = Recipient.objects.filter(home_agency__path__startswith=staff.agency.path)
    today = timezone.localdate()
    counts = {
        "overdue": area.filter(status=RecipientStatus.ACTIVE, next_certification_due__lt=today).count(),
        "suspended": area.filter(status=RecipientStatus.SUSPENDED).count(),
        "spot_checks": Certification.objects.filter(spot_check=SpotCheck.PENDING, recipient__in=area).count(),
        "recoveries": Recovery.objects.filter(death__recipient__in=area)
        .exclude(state__in=(RecoveryState.REPAID, RecoveryState.WRITTEN_OFF))
        .count(),
    }
    return render(
        request,
        "certification/desk.html",
        {
            "counts": counts,
            "refusals": Refusal.objects.all()[:10],
            "runs": SilentRun.objects.all()[:5],
            "may": {
                a: can(request.user, f"certification.{a}")
                for a in ("device.manage", "run.manage", "spot_check.decide", "recovery.handle")
            },
        },
    )


# --- devices ---------------------------------------------------------------------------------------------


@login_required
def devices(request: HttpRequest) -> HttpResponse:
    staff = require(request.user, "certification.device.manage")
    context = {
        "devices": Device.objects.select_related("outlet").all(),
        "kinds": DeviceKind.choices,
        "algorithms": KeyAlgorithm.choices,
        "outlets": Outlet.objects.filter(agency__path__startswith=staff.agency.path).order_by("code"),
        "posted": request.POST,
    }
    if request.method == "POST":
        try:
            if request.POST.get("do") == "revoke":
                device = Device.objects.filter(pk=request.POST.get("device", "")).first()
                if device is None:
                    raise NotFound()
                reason = request.POST.get("reason", "").strip()
                if not reason:
                    raise ValidationFailed(
                        fields={"reason": _("Say why the device is revoked (lost, stolen, retired).")}
                    )
                services.device_revoke(device=device, reason=reason, actor=request.user)
                messages.success(request, _("The device is revoked: it can no longer certify anyone."))
            else:
                outlet = context["outlets"].filter(code=request.POST.get("outlet", "")).first()
                kind = request.POST.get("kind", "")
                if kind not in DeviceKind.values:
                    raise ValidationFailed(fields={"kind": _("Choose the kind of device.")})
                services.device_register(
                    code=request.POST.get("code", "")[:64],
                    kind=kind,
                    algorithm=request.POST.get("algorithm", ""),
                    public_key=request.POST.get("public_key", "")[:400],
                    outlet=outlet,
                    staff=staff,
                    actor=request.user,
                )
                messages.success(request, _("The device is registered."))
        except ApplicationError as error:
            return _error_page(request, "certification/devices.html", context, error)
        return redirect("certification:devices")
    return render(request, "certification/devices.html", context)


# --- the overdue list, nearest first ------------------------------------------------------------------------


def _outlet_for(request, staff) -> Outlet:
    code = request.GET.get("outlet") or request.POST.get("outlet") or ""
    if not code and staff.outlet_id:
        return staff.outlet
    outlet = Outlet.objects.filter(code=code, agency__path__startswith=staff.agency.path).first()
    if outlet is None:
        outlet = Outlet.objects.filter(agency__path__startswith=staff.agency.path).order_by("code").first()
    if outlet is None:
        raise NotFound(_("No outlet of your agency was found."))
    return outlet


def overdue_rows(outlet: Outlet, today: date) -> list[dict]:
    """Recipients of the outlet's agency area who are overdue or suspended, nearest first (those whose home
    is not located last)."""
    found = (
        Recipient.objects.filter(home_agency__path__startswith=outlet.agency.path)
        .filter(
            Q(status=RecipientStatus.SUSPENDED)
            | Q(status=RecipientStatus.ACTIVE, next_certification_due__lt=today)
        )
        .select_related("person", "cycle")
    )
    rows = []
    for recipient in found:
        cycle = getattr(recipient, "cycle", None)
        located = cycle is not None and cycle.latitude is not None and cycle.longitude is not None
        distance = (
            haversine_m(outlet.latitude, outlet.longitude, cycle.latitude, cycle.longitude)
            if located
            else None
        )
        rows.append({"recipient": recipient, "distance_m": distance})
    return sorted(
        rows,
        key=lambda r: (r["distance_m"] is None, r["distance_m"] or 0, r["recipient"].pk),
    )


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    staff = require(request.user, "certification.recipient.view")
    outlet = _outlet_for(request, staff)
    if request.method == "POST":
        recipient = (
            Recipient.objects.filter(pk=request.POST.get("recipient", ""))
            .select_related("person", "cycle")
            .first()
        )
        if recipient is None or not can(request.user, "certification.recipient.view", recipient):
            raise NotFound()
        try:
            visit = _visit_for(recipient, request.user)
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("A home visit is arranged: %(number)s.") % {"number": str(visit)})
        return redirect(f"{request.path}?outlet={outlet.code}")
    rows = overdue_rows(outlet, timezone.localdate())
    log_action(
        "certification.overdue_list.viewed",
        actor=request.user,
        data={"outlet": outlet.code, "rows": len(rows)},
    )
    outlets = Outlet.objects.filter(agency__path__startswith=staff.agency.path).order_by("code")
    return render(request, "certification/overdue.html", {"outlet": outlet, "rows": rows, "outlets": outlets})


def _visit_for(recipient: Recipient, user):
    person = recipient.person
    document = person.documents.filter(primary=True).first() or person.documents.first()
    if document is None:
        raise ValidationFailed(_("This person has no identity document on record."))
    cycle = getattr(recipient, "cycle", None)
    request = VisitRequest(
        person_name=person.name,
        doc_type=document.doc_type,
        doc_number=document.number,
        phone=person.phone or "",
        address=person.address or recipient.home_agency.name,
        need=Need.CERTIFICATION,
        requester_relation=Relation.COMMUNITY,
        district_code=recipient.home_agency.code,
        latitude=getattr(cycle, "latitude", None),
        longitude=getattr(cycle, "longitude", None),
        details=_(
            "Eligibility certification overdue since %(day)s: certify at home with the handheld terminal."
        )
        % {"day": recipient.next_certification_due},
    )
    return home_visit_request(request=request, channel=RequestChannel.PHONE_CALL, user=user)


# --- spot checks -------------------------------------------------------------------------------------------


@login_required
def spot_checks(request: HttpRequest) -> HttpResponse:
    staff = require(request.user, "certification.spot_check.decide")
    pending = Certification.objects.filter(
        spot_check=SpotCheck.PENDING, recipient__home_agency__path__startswith=staff.agency.path
    ).select_related("recipient__person", "relative")
    if request.method == "POST":
        certification = pending.filter(pk=request.POST.get("certification", "")).first()
        if certification is None:
            raise NotFound()
        try:
            services.spot_check_decide(
                certification=certification,
                confirmed=request.POST.get("do") == "confirm",
                note=request.POST.get("note", ""),
                staff=staff,
                actor=request.user,
            )
        except ApplicationError as error:
            return _error_page(request, "certification/spot_checks.html", {"pending": pending}, error)
        messages.success(request, _("The spot check is recorded."))
        return redirect("certification:spot_checks")
    return render(request, "certification/spot_checks.html", {"pending": pending})


@login_required
def spot_check_photo(request: HttpRequest, certification_id: int) -> HttpResponse:
    certification = Certification.objects.filter(pk=certification_id).select_related("recipient").first()
    if certification is None or not certification.recipient_photo:
        raise NotFound()
    require(request.user, "certification.spot_check.decide", certification.recipient)
    log_action("certification.photo.viewed", actor=request.user, obj=certification)
    content = certification.recipient_photo.read()
    kind = "image/png" if certification.recipient_photo.name.endswith(".png") else "image/jpeg"
    response = HttpResponse(content, content_type=kind)
    response["Cache-Control"] = "private, no-store"
    return response


# --- deaths and recoveries ---------------------------------------------------------------------------------


def _money(text: str, field: str) -> Decimal:
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        raise ValidationFailed(fields={field: _("Enter an amount in yuan, such as 1268.50.")}) from None
    return value.quantize(Decimal("0.01"))


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationFailed(fields={field: _("Enter a date as YYYY-MM-DD.")}) from None


@login_required
def recoveries(request: HttpRequest) -> HttpResponse:
    staff = require(request.user, "certification.recovery.handle")
    context = {
        "recoveries": Recovery.objects.filter(
            death__recipient__home_agency__path__startswith=staff.agency.path
        ).select_related("death__recipient__person"),
        "sources": DeathSource.choices,
        "posted": request.POST,
    }
    if request.method == "POST":
        try:
            recipient = _recipient_by_number(request, request.POST.get("number", ""))
            with transaction.atomic():
                payments.death_record(
                    recipient=recipient,
                    died_on=_day(request.POST.get("died_on"), "died_on"),
                    source=_choice(request.POST.get("source"), DeathSource.values, "source"),
                    reference=request.POST.get("reference", "").strip()[:100],
                    staff=staff,
                    actor=request.user,
                )
        except ApplicationError as error:
            return _error_page(request, "certification/recoveries.html", context, error)
        messages.success(
            request, _("Payment is stopped; anything paid after the death is listed for recovery.")
        )
        return redirect("certification:recoveries")
    return render(request, "certification/recoveries.html", context)


def _choice(value, allowed, field: str) -> str:
    if value not in allowed:
        raise ValidationFailed(fields={field: _("Choose one of the options.")})
    return value


def _recipient_by_number(request, number: str) -> Recipient:
    person = person_by_number(number.strip())
    recipient = Recipient.objects.filter(person=person).first() if person else None
    if recipient is None or not can(request.user, "certification.recovery.handle", recipient):
        raise NotFound(_("No benefit recipient of your agency has this document number."))
    log_action("people.person.viewed", actor=request.user, obj=person, data={"via": "certification.death"})
    return recipient


@login_required
def recovery(request: HttpRequest, recovery_id: int) -> HttpResponse:
    found = Recovery.objects.filter(pk=recovery_id).select_related("death__recipient__person").first()
    if found is None:
        raise NotFound()
    staff = require(request.user, "certification.recovery.handle", found)
    context = {
        "recovery": found,
        "plan": payments.instalment_plan(found.balance, found.instalments) if found.balance else [],
        "repayments": found.repayments.all(),
        "may_approve": can(request.user, "certification.recovery.approve", found),
    }
    if request.method == "POST":
        what = request.POST.get("do")
        try:
            with transaction.atomic():
                if what == "instalments":
                    count = request.POST.get("count", "")
                    payments.recovery_set_instalments(
                        recovery=found,
                        count=int(count) if count.isdigit() else 0,
                        staff=staff,
                        actor=request.user,
                    )
                elif what == "repay":
                    payments.recovery_repay(
                        recovery=found,
                        amount=_money(request.POST.get("amount"), "amount"),
                        paid_on=timezone.localdate(),
                        staff=staff,
                        actor=request.user,
                    )
                elif what == "propose":
                    payments.recovery_propose_write_off(
                        recovery=found, reason=request.POST.get("reason", ""), staff=staff, actor=request.user
                    )
                elif what in ("approve", "refuse"):
                    approver = require(request.user, "certification.recovery.approve", found)
                    payments.recovery_decide_write_off(
                        recovery=found, approve=what == "approve", staff=approver, actor=request.user
                    )
                else:
                    raise ValidationFailed()
        except ApplicationError as error:
            found.refresh_from_db()
            return _error_page(request, "certification/recovery.html", context, error)
        return redirect("certification:recovery", recovery_id=found.pk)
    return render(request, "certification/recovery.html", context)


@login_required
def recovery_letter(request: HttpRequest, recovery_id: int) -> HttpResponse:
    found = (
        Recovery.objects.filter(pk=recovery_id)
        .select_related("death__recipient__person", "death__recipient__home_agency")
        .first()
    )
    if found is None:
        raise NotFound()
    require(request.user, "certification.recovery.handle", found)
    plan = payments.instalment_plan(found.amount, found.instalments)
    return render(
        request, "certification/letter.html", {"recovery": found, "plan": plan, "today": timezone.localdate()}
    )


# --- silent runs -------------------------------------------------------------------------------------------


@login_required
def runs(request: HttpRequest) -> HttpResponse:
    require(request.user, "certification.run.manage")
    context = {"runs": SilentRun.objects.all()[:30]}
    if request.method == "POST":
        uploaded = request.FILES.getlist("files")
        try:
            if not uploaded:
                raise ValidationFailed(
                    fields={"files": _("Choose at least one evidence file (CSV or Parquet).")}
                )
            folder = Path(settings.VAR_DIR) / "evidence" / timezone.now().strftime("%Y%m%d%H%M%S%f")
            folder.mkdir(parents=True, exist_ok=True)
            paths = []
            for item in uploaded:
                name = Path(item.name).name.replace("'", "")[:100] or "evidence.csv"
                target = folder / name
                with target.open("wb") as out:
                    for part in item.chunks():
                        out.write(part)
                paths.append(target)
            run = silent.silent_run(files=paths, until=timezone.localdate(), actor=request.user)
        except EvidenceRefused as error:
            return _error_page(
                request, "certification/runs.html", context, ValidationFailed(str(error.reason))
            )
        except ApplicationError as error:
            return _error_page(request, "certification/runs.html", context, error)
        return redirect("certification:run", run_id=run.pk)
    return render(request, "certification/runs.html", context)


@login_required
def run(request: HttpRequest, run_id: int) -> HttpResponse:
    require(request.user, "certification.run.manage")
    found = SilentRun.objects.filter(pk=run_id).first()
    if found is None:
        raise NotFound()
    report = found.report
    labelled = {
        "by_source": [(SOURCE_LABELS.get(k, k), n) for k, n in sorted(report.get("by_source", {}).items())],
        "by_number": sorted(report.get("by_number_of_sources", {}).items()),
        "bad_rows": [
            (f, [(PROBLEM_LABELS.get(r, r), n) for r, n in reasons.items()])
            for f, reasons in report.get("bad_rows", {}).items()
        ],
        "left": sorted(report.get("left_to_reach", {}).items(), key=lambda pair: (-pair[1], pair[0])),
    }
    return render(request, "certification/run.html", {"run": found, "report": report, "labelled": labelled})
