"""Home visits (上门服务, seed 002): for people who cannot come, staff of the nearest suitable outlet go to
them. Request (staff taking a phone call or a relative at a window, or the public form), assignment,
the visit record filled in on a phone at the person's home, closing (and a text asking for a rating).
Every step is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shebao.cases.filecontent import RefusedContent, clean_picture
from shebao.cases.uploads import sniff
from shebao.core import limits
from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotFound, ValidationFailed
from shebao.core.idcards import validate_id
from shebao.core.masking import mask_id, mask_phone
from shebao.core.messaging import normalise_phone, public_url, text_message_send
from shebao.core.models import Agency, Outlet, OutletKind, OutletStatus, Role, StaffProfile
from shebao.core.permissions import require
from shebao.hall import conf
from shebao.hall.errors import Throttled
from shebao.hall.models import HomeVisit, Need, Outcome, Relation, RequestChannel
from shebao.hall.states import HOME_VISIT_STEPS, HomeVisitState, check_step
from shebao.network.geo import haversine_m
from shebao.network.selectors import check_coordinates, nearest_outlets
from shebao.people.models import IdentityDocument

SELF_SERVICE = (OutletKind.KIOSK, OutletKind.PENSION_TERMINAL)
OPEN_STATES = (HomeVisitState.REQUESTED, HomeVisitState.ASSIGNED)
PHOTO_TYPES = ("image/jpeg", "image/png")


# --- Request -----------------------------------------------------------------------------------------


def public_requests_refuse_if_over(client: str) -> None:
    """The public form: at most `home_visit_requests_per_hour` requests an hour from one address; the
    refusal says how long until the next one is taken."""
    key = f"hall:home-visit:{client}"
    if limits.over(key, conf.home_visit_requests_per_hour(), timedelta(hours=1)):
        raise Throttled.waiting(limits.left(key))


@dataclass
class VisitRequest:
    person_name: str
    doc_type: str
    doc_number: str
    phone: str
    address: str
    need: str
    requester_relation: str
    district_code: str = ""
    latitude: float | str | None = None
    longitude: float | str | None = None
    details: str = ""
    requester_name: str = ""
    requester_phone: str = ""


def _clean(req: VisitRequest) -> dict:
    """Every field checked at once, so the form shows every problem in one go (one-time notice)."""
    errors: dict = {}
    out: dict = {}
    out["person_name"] = (req.person_name or "").strip()[:50]
    if not out["person_name"]:
        errors["person_name"] = _("Please enter the name of the person to visit.")
    check = validate_id(req.doc_type, req.doc_number)
    if not check.valid:
        errors["doc_number"] = check.error
    out["doc_type"], out["doc_number"] = req.doc_type, check.number
    for name in ("phone", "requester_phone"):
        raw = getattr(req, name)
        try:
            out[name] = normalise_phone(raw) if (raw or "").strip() else ""
        except ValidationFailed:
            errors[name] = _("This is not a phone number a text message can reach.")
    if not out.get("phone") and "phone" not in errors:
        errors["phone"] = _("Please enter a phone number we can call before the visit.")
    out["address"] = (req.address or "").strip()[:200]
    if len(out["address"]) < 5:
        errors["address"] = _("Please enter the full address: street, building, door.")
    if req.need not in Need.values:
        errors["need"] = _("Please choose what is needed.")
    if req.requester_relation not in Relation.values:
        errors["requester_relation"] = _("Please say who is asking.")
    out["need"], out["requester_relation"] = req.need, req.requester_relation
    out["district"] = Agency.objects.filter(code=(req.district_code or "").strip()).first()
    if out["district"] is None:
        errors["district"] = (
            _("Unknown district.") if req.district_code else _("Please choose the district of the address.")
        )
    out["latitude"] = out["longitude"] = None
    if req.latitude not in (None, "") or req.longitude not in (None, ""):
        try:
            out["latitude"], out["longitude"] = check_coordinates(req.latitude, req.longitude)
        except ValidationFailed as exc:  # not numbers, or not in China (0,0 from a phone without a fix)
            errors["location"] = exc.message
    out["details"] = (req.details or "").strip()[:500]
    out["requester_name"] = (req.requester_name or "").strip()[:50]
    if errors:
        raise ValidationFailed(fields=errors)
    return out


def home_visit_request(
    *, request: VisitRequest, channel: str, user=None, now: datetime | None = None
) -> HomeVisit:
    """Record a request and assign it to a colleague of the nearest suitable outlet when there is one.
    Staff take requests by phone or at a window; the online form is public (rate-limited by its view)."""
    if channel not in RequestChannel.values:
        raise ValidationFailed(fields={"channel": _("Unknown channel.")})
    profile = require(user, "hall.home_visit.take") if channel != RequestChannel.ONLINE else None
    fields = _clean(request)
    person_doc = IdentityDocument.objects.filter(
        doc_type=fields["doc_type"], number=fields["doc_number"]
    ).first()
    with transaction.atomic():
        visit = HomeVisit.objects.create(
            **fields,
            channel=channel,
            taken_by=profile,
            person_id=person_doc.person_id if person_doc else None,
        )
        log_action(
            "hall.home_visit.requested",
            actor=user if profile else None,
            obj=visit,
            data={
                "channel": channel,
                "need": visit.need,
                "doc": mask_id(visit.doc_number),
                "phone": mask_phone(visit.phone),
            },
        )
        suggestion = nearest_suitable(visit)
        if suggestion is not None:
            # A distance from the district's centre says nothing about the trip: keep it only when
            # the request carried the person's own location.
            distance = suggestion.distance_m if visit.latitude is not None else None
            _assign(visit, suggestion.staff, distance, actor=None, now=now)
    return visit


# --- Assignment --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    outlet: Outlet
    staff: StaffProfile
    distance_m: float | None


def visiting_staff():
    """Who goes on home visits: the front desk (tellers, incl. postmen at postal points) of staffed,
    open outlets."""
    return StaffProfile.objects.filter(
        active=True,
        user__is_active=True,
        roles__role=Role.TELLER,
        outlet__isnull=False,
        outlet__status=OutletStatus.OPEN,
    ).exclude(outlet__kind__in=SELF_SERVICE)


def _least_busy(outlet_id: int) -> StaffProfile | None:
    return (
        visiting_staff()
        .filter(outlet_id=outlet_id)
        .annotate(load=Count("hall_home_visits", filter=Q(hall_home_visits__state=HomeVisitState.ASSIGNED)))
        .order_by("load", "pk")
        .first()
    )


def _origin(visit: HomeVisit) -> tuple[float, float] | None:
    if visit.latitude is not None and visit.longitude is not None:
        return visit.latitude, visit.longitude
    district = visit.district
    if district is not None and district.latitude is not None and district.longitude is not None:
        return district.latitude, district.longitude
    return None


def nearest_suitable(visit: HomeVisit) -> Suggestion | None:
    """The nearest outlet of the person's district (their own agency's area) with a colleague who can go.
    The network's nearest-outlet search ranks the outlets around the address (or the district's centre);
    when none of its nearest has visiting staff, the district's staffed outlets are ranked by distance
    directly. None when the district has nobody: the request waits for its manager to assign it."""
    staffed = visiting_staff().filter(outlet__agency__path__startswith=visit.district.path)
    outlet_ids = set(staffed.values_list("outlet_id", flat=True))
    if not outlet_ids:
        return None
    origin = _origin(visit)
    if origin is None:  # a district without coordinates: the first of its staffed outlets
        outlet = Outlet.objects.filter(pk__in=outlet_ids).order_by("pk").first()
        staff = _least_busy(outlet.pk) if outlet else None
        return Suggestion(outlet, staff, None) if outlet and staff else None
    ranked = [(r.outlet, r.distance_m) for r in nearest_outlets(lat=origin[0], lng=origin[1], limit=50)]
    ranked = [(o, d) for o, d in ranked if o.pk in outlet_ids]
    if not ranked:
        outlets = list(Outlet.objects.filter(pk__in=outlet_ids))
        ranked = sorted(
            ((o, float(haversine_m(origin[0], origin[1], o.latitude, o.longitude))) for o in outlets),
            key=lambda pair: (pair[1], pair[0].pk),
        )
    for outlet, distance in ranked:
        staff = _least_busy(outlet.pk)
        if staff is not None:
            return Suggestion(outlet, staff, distance)
    return None


def _assign(visit: HomeVisit, staff: StaffProfile, distance_m, *, actor, now=None) -> None:
    check_step(HOME_VISIT_STEPS, visit.state, HomeVisitState.ASSIGNED)
    visit.state = HomeVisitState.ASSIGNED
    visit.outlet_id, visit.assigned_to = staff.outlet_id, staff
    visit.assigned_at, visit.distance_m = now or timezone.now(), distance_m
    visit.save(update_fields=["state", "outlet", "assigned_to", "assigned_at", "distance_m"])
    log_action(
        "hall.home_visit.assigned",
        actor=actor,
        obj=visit,
        data={"outlet": staff.outlet.code, "staff": staff.pk, "automatic": actor is None},
    )


def _locked(visit: HomeVisit) -> HomeVisit:
    found = (
        HomeVisit.objects.select_for_update(of=("self",))
        .select_related("outlet", "district", "assigned_to")
        .filter(pk=visit.pk)
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def home_visit_assign(*, user, visit: HomeVisit, staff: StaffProfile) -> HomeVisit:
    """A manager over the visit gives it to a colleague (of any outlet they manage)."""
    with transaction.atomic():
        visit = _locked(visit)
        manager = require(user, "hall.home_visit.assign", visit)
        eligible = visiting_staff().filter(pk=staff.pk).select_related("outlet__agency").first()
        if eligible is None or not manager.agency.covers(eligible.outlet.agency):
            raise ValidationFailed(fields={"staff": _("Choose a colleague at an outlet you manage.")})
        distance = None
        origin = (visit.latitude, visit.longitude) if visit.latitude is not None else None
        if origin is not None:
            distance = float(
                haversine_m(origin[0], origin[1], eligible.outlet.latitude, eligible.outlet.longitude)
            )
        _assign(visit, eligible, distance, actor=user)
    return visit


# --- The visit record --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Photo:
    content: bytes
    content_type: str
    extension: str


def check_photo(filename: str, content: bytes) -> Photo:
    """A JPEG or PNG photo (recognised by its first bytes, not its name), within the size limit."""
    limit = conf.home_visit_photo_max_bytes()
    if not content:
        raise ValidationFailed(fields={"photo": _("The photo is empty.")})
    if len(content) > limit:
        raise ValidationFailed(
            fields={"photo": _("The photo is larger than %(mb)s MB.") % {"mb": round(limit / 1024 / 1024, 1)}}
        )
    kind = sniff(content[:16])
    if kind is None or kind[0] not in PHOTO_TYPES:
        raise ValidationFailed(fields={"photo": _("The photo must be a JPEG or PNG picture.")})
    try:
        content = clean_picture(content, kind[0])
    except RefusedContent as refused:
        raise ValidationFailed(fields={"photo": refused.text(filename)}) from None
    return Photo(content, kind[0], kind[1])


def read_photo(upload) -> Photo:
    content = upload.read(conf.home_visit_photo_max_bytes() + 1)
    return check_photo(getattr(upload, "name", "") or "", content)


def home_visit_record(
    *,
    user,
    visit: HomeVisit,
    outcome: str,
    work_done: str = "",
    materials: str = "",
    arrived_at: datetime | None = None,
    photo: Photo | None = None,
) -> HomeVisit:
    """What happened at the person's home, from the phone of the colleague who went."""
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Please choose the outcome.")
    work_done = (work_done or "").strip()
    if outcome in (Outcome.DONE, Outcome.PARTLY) and not work_done:
        errors["work_done"] = _("Please write down what was done.")
    if errors:
        raise ValidationFailed(fields=errors)
    now = timezone.now()
    if arrived_at is not None and arrived_at > now:
        raise ValidationFailed(fields={"arrived_at": _("The arrival cannot be in the future.")})
    with transaction.atomic():
        visit = _locked(visit)
        profile = require(user, "hall.home_visit.record", visit)
        check_step(HOME_VISIT_STEPS, visit.state, HomeVisitState.VISITED)
        visit.state, visit.outcome = HomeVisitState.VISITED, outcome
        visit.work_done, visit.materials = work_done[:2000], (materials or "").strip()[:2000]
        visit.arrived_at = arrived_at or now
        visit.recorded_by, visit.recorded_at = profile, now
        if photo is not None:
            visit.photo.save(f"{visit.token[:12]}.{photo.extension}", ContentFile(photo.content), save=False)
            visit.photo_type = photo.content_type
        visit.save()
        log_action(
            "hall.home_visit.recorded",
            actor=user,
            obj=visit,
            data={"outcome": outcome, "photo": bool(photo)},
        )
    return visit


def home_visit_close(*, user, visit: HomeVisit, note: str = "") -> HomeVisit:
    with transaction.atomic():
        visit = _locked(visit)
        profile = require(user, "hall.home_visit.close", visit)
        check_step(HOME_VISIT_STEPS, visit.state, HomeVisitState.CLOSED)
        visit.state, visit.closing_note = HomeVisitState.CLOSED, (note or "").strip()[:500]
        visit.closed_by, visit.closed_at = profile, timezone.now()
        visit.save(update_fields=["state", "closing_note", "closed_by", "closed_at"])
        log_action("hall.home_visit.closed", actor=user, obj=visit)
        _ask_for_rating(visit)
    return visit


def _ask_for_rating(visit: HomeVisit) -> None:
    """好差评 for home visits: whoever asked for the visit (else the person visited) is told it is closed,
    with the link to rate it."""
    link = public_url(reverse("hall:home_visit_rate", args=[visit.token]))
    with translation.override(settings.LANGUAGE_CODE):
        body = gettext(
            "Home visit %(reference)s by %(outlet)s is closed. Please tell us how we did: %(link)s"
        ) % {"reference": visit.reference, "outlet": visit.outlet.name, "link": link}
    text_message_send(
        phone=visit.requester_phone or visit.phone,
        body=body,
        purpose="hall.home_visit.closed",
        dedupe_key=f"hall-home-visit-closed-{visit.pk}",
    )


def home_visit_cancel(*, user, visit: HomeVisit, reason: str) -> HomeVisit:
    """Not needed any more (the person came to a hall, moved, passed away): with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(fields={"reason": _("Please give the reason.")})
    with transaction.atomic():
        visit = _locked(visit)
        profile = require(user, "hall.home_visit.close", visit)
        if visit.state not in OPEN_STATES:
            raise Conflict(_("Only a visit that has not taken place can be cancelled."), code="not_open")
        check_step(HOME_VISIT_STEPS, visit.state, HomeVisitState.CANCELLED)
        visit.state, visit.closing_note = HomeVisitState.CANCELLED, reason[:500]
        visit.closed_by, visit.closed_at = profile, timezone.now()
        visit.save(update_fields=["state", "closing_note", "closed_by", "closed_at"])
        log_action("hall.home_visit.cancelled", actor=user, obj=visit, data={"reason": reason[:200]})
    return visit


def home_visit_for_staff(*, user, visit_id: int) -> HomeVisit:
    """One visit for a member of staff; the read is audited (it carries a person's ID and address)."""
    visit = (
        HomeVisit.objects.select_related("outlet", "district", "assigned_to", "person")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        raise NotFound()
    require(user, "hall.home_visit.view", visit)
    log_action("hall.home_visit.viewed", actor=user, obj=visit)
    return visit
