"""Certification for citizens: my (and my relatives') certification state and due date, and certifying by
device: the stand-in for the phone app asks for a nonce and signs with its test key in the browser, then
sends the attestation to the same API every device uses."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shebao.certification import standin
from shebao.certification.cycle import cycle_state
from shebao.certification.models import Cycle
from shebao.certification.services import CERTIFIABLE
from shebao.certification.states import CycleState
from shebao.core.errors import NotFound
from shebao.people.models import Person, Recipient
from shebao.people.portal import acting_for, citizen_required


def _primary_number(person: Person) -> str:
    document = person.documents.filter(doc_type__in=("resident_id", "resident_id_15"), primary=True).first()
    return document.number if document else ""


def recipient_rows(persons: list[Person]) -> list[dict]:
    today = timezone.localdate()
    recipients = (
        Recipient.objects.filter(person__in=persons).select_related("person").order_by("person_id", "pk")
    )
    cycles = {c.recipient_id: c for c in Cycle.objects.filter(recipient__in=recipients)}
    return [
        {
            "recipient": r,
            "state": cycle_state(r, today),
            "state_label": CycleState(cycle_state(r, today)).label,
            "cycle": cycles.get(r.pk),
            "certifiable": r.status in CERTIFIABLE,
        }
        for r in recipients
    ]


@citizen_required
def mine(request: HttpRequest) -> HttpResponse:
    persons = acting_for(request.citizen)
    return render(request, "certification/mine.html", {
        "rows": recipient_rows(persons), "citizen": request.citizen, "done": request.GET.get("done") == "1",
        "helpers": request.citizen.proxies.filter(ended_at__isnull=True).select_related("proxy"),
    })  # fmt: skip


@citizen_required
def certify(request: HttpRequest, recipient_id: int) -> HttpResponse:
    """The stand-in for the phone app: certify myself, or, as a bound relative, the person I act for."""
    persons = acting_for(request.citizen)
    recipient = Recipient.objects.filter(pk=recipient_id, person__in=persons).select_related("person").first()
    if recipient is None or recipient.status not in CERTIFIABLE:
        raise NotFound()
    for_relative = recipient.person_id != request.citizen.pk
    return render(request, "certification/certify.html", {
        "recipient": recipient, "for_relative": for_relative, "available": standin.available(),
        "device": standin.CODE, "jwk": standin.jwk() if standin.available() else None,
        "person_number": _primary_number(recipient.person),
        "relative_number": _primary_number(request.citizen) if for_relative else "",
    })  # fmt: skip


def panel_context(request: HttpRequest, citizen: Person, persons: list[Person]) -> dict | None:
    """The portal's panel: shown only to someone who, or whose relative, receives a benefit."""
    rows = recipient_rows(persons)
    return {"rows": rows} if rows else None
