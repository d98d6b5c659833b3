"""Home visits: the public request form (rate-limited), its status and rating pages for the citizen, and
the staff pages (take a request by phone or at a window, the list, one visit, the visit record from a
phone)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shebao.cases.uploads import scan_response
from shebao.core import qr
from shebao.core.clientaddr import client_address
from shebao.core.errors import ApplicationError, Conflict, NotAllowed, NotFound
from shebao.core.idcards import DOC_TYPE_LABELS
from shebao.core.masking import mask_id, mask_name, mask_phone
from shebao.core.models import Agency, AgencyLevel, StaffProfile
from shebao.core.permissions import can, require, staff_of
from shebao.hall import evaluations, home_visits, selectors
from shebao.hall.home_visits import VisitRequest
from shebao.hall.models import Need, Outcome, Relation, RequestChannel
from shebao.hall.states import HomeVisitState
from shebao.hall.views.ratings import rating_context, submit_rating

STAFF_CHANNELS = [
    (RequestChannel.PHONE_CALL, RequestChannel.PHONE_CALL.label),
    (RequestChannel.WINDOW, RequestChannel.WINDOW.label),
]


def _visit_request(post) -> VisitRequest:
    return VisitRequest(
        person_name=post.get("person_name", ""),
        doc_type=post.get("doc_type", "resident_id"),
        doc_number=post.get("doc_number", ""),
        phone=post.get("phone", ""),
        address=post.get("address", ""),
        need=post.get("need", ""),
        requester_relation=post.get("requester_relation", ""),
        district_code=post.get("district", ""),
        latitude=post.get("lat") or None,
        longitude=post.get("lng") or None,
        details=post.get("details", ""),
        requester_name=post.get("requester_name", ""),
        requester_phone=post.get("requester_phone", ""),
    )


def _form_context(request, *, staff_form: bool, error=None) -> dict:
    return {
        "staff_form": staff_form,
        "districts": Agency.objects.filter(level=AgencyLevel.DISTRICT).order_by("code"),
        "doc_types": list(DOC_TYPE_LABELS.items()),
        "needs": Need.choices,
        "relations": Relation.choices,
        "channels": STAFF_CHANNELS,
        "posted": request.POST,
        "error": error,
    }


def request_form(request: HttpRequest) -> HttpResponse:
    """The public form: a citizen or a relative asks for a visit."""
    error = None
    if request.method == "POST":
        try:
            home_visits.public_requests_refuse_if_over(client_address(request))
            visit = home_visits.home_visit_request(
                request=_visit_request(request.POST), channel=RequestChannel.ONLINE
            )
        except ApplicationError as exc:
            error = exc
        else:
            return redirect("hall:home_visit_status", token=visit.token)
    context = _form_context(request, staff_form=False, error=error)
    return render(request, "hall/visit_request.html", context, status=error.status if error else 200)


def status(request: HttpRequest, token: str) -> HttpResponse:
    """What the citizen sees: the state, who will come (outlet and its phone), the outcome; masked."""
    visit = selectors.home_visit_by_token(token)
    context = {"visit": visit, "name": mask_name(visit.person_name), "phone": mask_phone(visit.phone)}
    return render(request, "hall/visit_status.html", context)


def rate(request: HttpRequest, token: str) -> HttpResponse:
    """好差评 of a closed home visit: from its status page, and from the text sent when it was closed."""
    visit = selectors.home_visit_by_token(token)
    error = None
    if request.method == "POST":
        error = submit_rating(request, evaluations.home_visit_evaluation_submit, token)
        if error is None:
            return redirect("hall:home_visit_status", token=token)
    try:
        evaluations.home_visit_rateable(visit)
        refused = None
    except Conflict as exc:
        refused = exc  # not closed yet, or rated already: no form, the reason instead
    context = rating_context(error or refused, request.POST) | {
        "reference": visit.reference,
        "outlet": visit.outlet,
        "action": reverse("hall:home_visit_rate", args=[token]),
        "refused": refused is not None,
        "back": reverse("hall:home_visit_status", args=[token]),
    }
    shown = error or refused
    return render(request, "hall/rate.html", context, status=shown.status if shown else 200)


@login_required
def staff_request(request: HttpRequest) -> HttpResponse:
    """Staff take a request from a phone call or from a relative at the window."""
    require(request.user, "hall.home_visit.take")
    error = None
    if request.method == "POST":
        try:
            visit = home_visits.home_visit_request(
                request=_visit_request(request.POST),
                channel=request.POST.get("channel", ""),
                user=request.user,
            )
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            error = exc
        else:
            return redirect("hall:home_visit", visit_id=visit.pk)
    context = _form_context(request, staff_form=True, error=error)
    return render(request, "hall/visit_request.html", context, status=error.status if error else 200)


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    profile = staff_of(request.user)
    if profile is None:
        raise NotAllowed()
    state = request.GET.get("state", "")
    if state and state not in HomeVisitState.values:
        state = ""
    visits = selectors.home_visits_for(request.user, state=state)
    if not visits and not can(request.user, "hall.home_visit.take"):
        raise NotAllowed()
    rows = [{"visit": v, "name": mask_name(v.person_name)} for v in visits]
    context = {"rows": rows, "state": state, "states": HomeVisitState.choices}
    return render(request, "hall/visit_list.html", context)


def _assignable(user) -> list[StaffProfile]:
    profile = staff_of(user)
    if profile is None:
        return []
    return list(
        home_visits.visiting_staff()
        .filter(outlet__agency__path__startswith=profile.agency.path)
        .select_related("outlet")
        .order_by("outlet__name", "display_name")[:200]
    )


def _detail(request, visit, error=None) -> HttpResponse:
    context = {
        "visit": visit,
        "doc": mask_id(visit.doc_number),
        "doc_label": DOC_TYPE_LABELS.get(visit.doc_type, visit.doc_type),
        "phone": mask_phone(visit.phone),
        "requester_phone": mask_phone(visit.requester_phone),
        "may_assign": can(request.user, "hall.home_visit.assign", visit)
        and visit.state in (HomeVisitState.REQUESTED, HomeVisitState.ASSIGNED),
        "may_record": can(request.user, "hall.home_visit.record", visit)
        and visit.state == HomeVisitState.ASSIGNED,
        "may_close": can(request.user, "hall.home_visit.close", visit),
        "colleagues": _assignable(request.user),
        "error": error,
    }
    if context["may_record"] and visit.need == Need.CERTIFICATION:
        # The handheld reads the visit's reference from this code and signs it with the certification,
        # which then records the visit (certification/services.py).
        context["handheld_qr"] = qr.svg(visit.token, label=str(_("The visit's code for the handheld")))
    return render(request, "hall/visit_detail.html", context, status=error.status if error else 200)


@login_required
def detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    """One visit for staff (the read is audited). POST: assign, close or cancel."""
    visit = home_visits.home_visit_for_staff(user=request.user, visit_id=visit_id)
    if request.method != "POST":
        return _detail(request, visit)
    step = request.POST.get("step")
    try:
        if step == "assign":
            staff = StaffProfile.objects.filter(pk=request.POST.get("staff") or 0).first()
            if staff is None:
                raise NotFound(_("Choose a colleague."), fields={"staff": _("Choose a colleague.")})
            home_visits.home_visit_assign(user=request.user, visit=visit, staff=staff)
        elif step == "close":
            home_visits.home_visit_close(user=request.user, visit=visit, note=request.POST.get("note", ""))
        elif step == "cancel":
            home_visits.home_visit_cancel(
                user=request.user, visit=visit, reason=request.POST.get("reason", "")
            )
        else:
            raise NotFound()
    except ApplicationError as exc:
        if exc.status == 403:
            raise
        visit.refresh_from_db()
        return _detail(request, visit, exc)
    return redirect("hall:home_visit", visit_id=visit.pk)


@login_required
def record(request: HttpRequest, visit_id: int) -> HttpResponse:
    """The visit record, filled in on the phone at the person's home (a photo may be attached)."""
    visit = home_visits.home_visit_for_staff(user=request.user, visit_id=visit_id)
    require(request.user, "hall.home_visit.record", visit)
    error = None
    if request.method == "POST":
        try:
            upload = request.FILES.get("photo")
            photo = home_visits.read_photo(upload) if upload else None
            home_visits.home_visit_record(
                user=request.user,
                visit=visit,
                outcome=request.POST.get("outcome", ""),
                work_done=request.POST.get("work_done", ""),
                materials=request.POST.get("materials", ""),
                photo=photo,
            )
        except ApplicationError as exc:
            if exc.status == 403:
                raise
            error = exc
        else:
            return redirect("hall:home_visit", visit_id=visit.pk)
    context = {
        "visit": visit,
        "name": mask_name(visit.person_name),
        "outcomes": Outcome.choices,
        "posted": request.POST,
        "error": error,
    }
    return render(request, "hall/visit_record.html", context, status=error.status if error else 200)


@login_required
def photo(request: HttpRequest, visit_id: int) -> FileResponse:
    visit = home_visits.home_visit_for_staff(user=request.user, visit_id=visit_id)
    if not visit.photo:
        raise NotFound()
    return scan_response(visit.photo.open("rb"), visit.photo_type or "application/octet-stream")
