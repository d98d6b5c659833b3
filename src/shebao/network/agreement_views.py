"""The manager's pages for cooperation agreements: one agreement (scope, authorised staff, history;
suspend, resume, end), authorising and revoking its staff, and signing a new one for a partner point.

Every page, GET included, asks network.outlet.oversee first (so someone who manages no point learns
nothing, not even whether an agreement exists) and then network.agreement.manage for the point."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.core.errors import ApplicationError, NotFound, ValidationFailed
from shebao.core.models import Outlet, StaffProfile
from shebao.core.permissions import require
from shebao.network import services
from shebao.network.agreement_selectors import SigningStart, agreement_detail, find_agreement, signing_start
from shebao.network.models import Agreement, Step
from shebao.network.selectors import UnknownOutlet, local_now
from shebao.network.views import refused

TEXT_FIELDS = ("number", "partner", "duties", "review_conditions", "exit_conditions")
DATE_FIELDS = ("valid_from", "valid_until", "next_review")


def _managed_agreement(request: HttpRequest, number: str) -> Agreement:
    require(request.user, "network.outlet.oversee")
    agreement = find_agreement(number)
    require(request.user, "network.agreement.manage", agreement.outlet)
    return agreement


@login_required
def agreement_page(request: HttpRequest, number: str) -> HttpResponse:
    agreement = _managed_agreement(request, number)
    context = {"a": agreement, "d": agreement_detail(agreement), "steps": Step.choices}
    return render(request, "network/agreement.html", context)


def _staff(post) -> StaffProfile:
    staff = (
        StaffProfile.objects.filter(pk=post.get("staff")).first() if post.get("staff", "").isdigit() else None
    )
    if staff is None:
        raise ValidationFailed(fields={"staff": _("Choose a member of staff.")})
    return staff


def _change_staff(request: HttpRequest, number: str, change, done: str) -> HttpResponse:
    """Authorise or revoke one member of staff for one step, then back to the agreement's page."""
    agreement = _managed_agreement(request, number)
    try:
        change(
            actor=request.user,
            agreement=agreement,
            staff=_staff(request.POST),
            step=request.POST.get("step", ""),
        )
        messages.success(request, done)
    except ApplicationError as exc:
        refused(request, exc)
    return redirect("network:agreement", number=agreement.number)


@login_required
@require_POST
def agreement_authorise(request: HttpRequest, number: str) -> HttpResponse:
    return _change_staff(
        request, number, services.agreement_authorise, _("The member of staff was authorised.")
    )


@login_required
@require_POST
def agreement_revoke(request: HttpRequest, number: str) -> HttpResponse:
    return _change_staff(request, number, services.agreement_revoke, _("The authorisation was revoked."))


AGREEMENT_ACTIONS = {
    "suspend": services.agreement_suspend,
    "resume": services.agreement_resume,
    "end": services.agreement_end,
}


@login_required
@require_POST
def agreement_change(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """Suspend, resume or end, from the outlet page or the agreement page (`back` says which)."""
    agreement = Agreement.objects.select_related("outlet").filter(number=number).first()
    change = AGREEMENT_ACTIONS.get(action)
    if agreement is None or change is None:
        raise NotFound()
    try:
        change(actor=request.user, agreement=agreement, reason=request.POST.get("reason", ""))
        messages.success(request, _("The agreement was changed."))
    except ApplicationError as exc:
        refused(request, exc)
    if request.POST.get("back") == "agreement":
        return redirect("network:agreement", number=agreement.number)
    return redirect("network:outlet", code=agreement.outlet.code)


def _first_form(start: SigningStart) -> dict:
    """A renewal starts from the previous agreement's terms, scope and still-eligible staff."""
    form = {name: "" for name in TEXT_FIELDS + DATE_FIELDS}
    form["valid_from"] = local_now().date().isoformat()
    form["scope"], form["auth"] = set(), set()
    previous = start.previous
    if previous is not None:
        form.update({name: getattr(previous, name) for name in TEXT_FIELDS if name != "number"})
        form["scope"] = set(previous.scope_items).intersection(start.tier_codes)
        tellers = {t.pk for t in start.tellers}
        form["auth"] = {
            f"{a.staff_id}:{a.step}" for a in previous.authorisations.all() if a.staff_id in tellers
        }
    return form


def _posted_form(post) -> dict:
    form = {name: post.get(name, "") for name in TEXT_FIELDS + DATE_FIELDS}
    form["scope"], form["auth"] = set(post.getlist("scope")), set(post.getlist("auth"))
    return form


def _date(text: str):
    try:
        return parse_date(text.strip())
    except ValueError:  # well-formed but impossible, such as 2025-02-30
        return None


def _authorisations(chosen: set[str]) -> list[tuple[StaffProfile, str]]:
    """The ticked "staff:step" boxes; a box naming nobody is refused (it can only come from a forged form)."""
    pairs = [value.partition(":")[::2] for value in chosen]
    staff = StaffProfile.objects.in_bulk([int(pk) for pk, _step in pairs if pk.isdigit()])
    if any(not pk.isdigit() or int(pk) not in staff for pk, _step in pairs):
        raise ValidationFailed(fields={"staff": _("Choose a member of staff.")})
    return [(staff[int(pk)], step) for pk, step in pairs]


def _sign(request: HttpRequest, outlet: Outlet, form: dict) -> Agreement:
    return services.agreement_sign(
        actor=request.user,
        outlet=outlet,
        scope_items=sorted(form["scope"]),
        authorisations=_authorisations(form["auth"]),
        **{name: form[name] for name in TEXT_FIELDS},
        **{name: _date(form[name]) for name in DATE_FIELDS},
    )


def _choices(start: SigningStart, form: dict) -> dict:
    """The checkboxes, with what the form has ticked."""
    return {
        "scope_groups": [
            (group.label, [(code, name, code in form["scope"]) for code, name in group.items])
            for group in start.choices
        ],
        "staff_rows": [
            (
                teller,
                [
                    (f"{teller.pk}:{step}", label, f"{teller.pk}:{step}" in form["auth"])
                    for step, label in Step.choices
                ],
            )
            for teller in start.tellers
        ],
    }


@login_required
def agreement_new(request: HttpRequest, code: str) -> HttpResponse:
    """Sign a partner point's agreement. A point with an agreement in force is told to end it first;
    "select the tier's items" and "clear" re-show the form with the boxes ticked or not, without JS."""
    require(request.user, "network.outlet.oversee")
    outlet = Outlet.objects.select_related("agency").filter(code=code).first()
    if outlet is None:
        raise UnknownOutlet()
    require(request.user, "network.agreement.manage", outlet)
    start = signing_start(outlet)
    form = _posted_form(request.POST) if request.method == "POST" else _first_form(start)
    error = None
    select = request.POST.get("select")
    if select is not None:
        form["scope"] = set(start.tier_codes) if select == "tier" else set()
    elif request.method == "POST":
        try:
            agreement = _sign(request, outlet, form)
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            error = exc
        else:
            messages.success(request, _("The agreement was signed."))
            return redirect("network:agreement", number=agreement.number)
    context = {"s": start, "o": outlet, "form": form, "error": error, **_choices(start, form)}
    return render(request, "network/agreement_new.html", context, status=error.status if error else 200)
