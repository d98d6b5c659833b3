"""Reads for certification's pages and API."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shebao.certification.cycle import cycle_state
from shebao.certification.models import Cycle, Nonce
from shebao.certification.policy import policy
from shebao.certification.states import CycleState
from shebao.people.models import Recipient


def recipient_view(recipient: Recipient) -> dict:
    today = timezone.localdate()
    cycle = Cycle.objects.filter(recipient=recipient).first()
    state = cycle_state(recipient, today)
    suspension = recipient.suspensions.filter(resumed_at__isnull=True).first()
    return {
        "id": recipient.pk,
        "benefit": recipient.benefit_type,
        "benefit_label": str(recipient.get_benefit_type_display()),
        "state": state,
        "state_label": str(CycleState(state).label),
        "status": recipient.status,
        "due": recipient.next_certification_due,
        "last_certified_on": cycle.last_certified_on if cycle else None,
        "last_method": cycle.last_method if cycle else "",
        "held_from": f"{suspension.from_month:%Y-%m}" if suspension else None,
    }


def nonce_view(nonce: Nonce) -> dict:
    return {
        "nonce": nonce.value,
        "issued_at": nonce.issued_at,
        "expires_at": nonce.issued_at + timedelta(seconds=policy().nonce_seconds),
    }
