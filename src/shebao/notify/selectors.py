"""Reads of the notify app: a person's inbox, an agency's notices and the figures per scenario."""

from __future__ import annotations

from django.db.models import Count, Q

from shebao.notify.models import Audience, Channel, Delivery, DeliveryState, Scenario
from shebao.people.models import Employer


def inbox(person) -> list[Delivery]:
    return list(
        Delivery.objects.filter(person=person, channel=Channel.INBOX, state=DeliveryState.DELIVERED)
        .select_related("notice__scenario")
        .order_by("-created_at", "-id")[:100]
    )


def unread_count(person) -> int:
    return Delivery.objects.filter(
        person=person, channel=Channel.INBOX, state=DeliveryState.DELIVERED, read_at__isnull=True
    ).count()


def agency_inbox(agency) -> list[Delivery]:
    """Notices to the agency and every agency under it, newest first (the person's name masked in views)."""
    return list(
        Delivery.objects.filter(audience=Audience.AGENCY, agency__path__startswith=agency.path)
        .select_related("notice__scenario", "notice__person", "agency")
        .order_by("-created_at", "-id")[:200]
    )


def employer_inbox(citizen) -> tuple[list, list[Delivery]]:
    """The employers this citizen handles for (registered with them as its handling staff, or as the cases
    app knows them: the employers' handling staff at the window) and the notices addressed to those
    employers, newest first."""
    from shebao.cases.selectors import cases_handled_for_employers

    employers = {case.employer for case in cases_handled_for_employers(citizen=citizen)}
    employers |= set(Employer.objects.filter(handler=citizen))
    deliveries = list(
        Delivery.objects.filter(audience=Audience.EMPLOYER, employer__in=employers)
        .select_related("employer", "notice__scenario")
        .order_by("-created_at", "-id")[:200]
    )
    return sorted(employers, key=lambda e: e.name), deliveries


def scenario_figures() -> list[dict]:
    """Per scenario: notices written, and deliveries sent (left us), delivered, failed, opted out, waiting."""
    rows = Scenario.objects.annotate(
        notice_count=Count("notices", distinct=True),
        sent=Count(
            "notices__deliveries",
            filter=Q(
                notices__deliveries__state__in=[
                    DeliveryState.SENT,
                    DeliveryState.DELIVERED,
                    DeliveryState.FAILED,
                ]
            ),
        ),
        delivered=Count("notices__deliveries", filter=Q(notices__deliveries__state=DeliveryState.DELIVERED)),
        failed=Count("notices__deliveries", filter=Q(notices__deliveries__state=DeliveryState.FAILED)),
        opted_out=Count("notices__deliveries", filter=Q(notices__deliveries__state=DeliveryState.OPTED_OUT)),
        waiting=Count("notices__deliveries", filter=Q(notices__deliveries__state=DeliveryState.PENDING)),
    ).order_by("code")
    return list(
        rows.values(
            "code",
            "name",
            "legally_required",
            "notice_count",
            "sent",
            "delivered",
            "failed",
            "opted_out",
            "waiting",
        )
    )
