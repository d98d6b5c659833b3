"""Suspending or closing a point takes it off the map and its tellers' rights at once, from today, with
a reason on record; only managers over the point (or administrators) may do it."""

import pytest
from django.utils import timezone

from shebao.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from shebao.core.models import AuditEntry, OutletStatus
from shebao.core.permissions import can
from shebao.network import selectors, services

from .helpers import small_network

pytestmark = pytest.mark.django_db


def near_codes():
    return [r.outlet.code for r in selectors.nearest_outlets(lat=29.5754, lng=106.5322)]


def test_suspending_a_point_hides_it_and_stops_its_tellers_until_it_reopens(cast, catalogue):
    small_network(cast)
    assert can(cast.teller, "network.outlet.accept_item", (cast.bank_point, "PEN-CERT"))

    services.outlet_set_status(
        actor=cast.admin, outlet=cast.bank_point, status=OutletStatus.SUSPENDED, reason="装修暂停服务"
    )

    assert cast.bank_point.status == OutletStatus.SUSPENDED
    assert cast.bank_point.status_since == timezone.localdate()
    assert cast.bank_point.status_reason == "装修暂停服务"
    assert "CQ-JB-B001" not in near_codes()
    assert not can(cast.teller, "network.outlet.accept_item", (cast.bank_point, "PEN-CERT"))
    entry = AuditEntry.objects.get(action="network.outlet.suspended")
    assert entry.data["reason"] == "装修暂停服务" and entry.data["from"] == "open"

    services.outlet_set_status(actor=cast.admin, outlet=cast.bank_point, status="open", reason="装修完毕")
    assert near_codes()[0] == "CQ-JB-B001"
    assert can(cast.teller, "network.outlet.accept_item", (cast.bank_point, "PEN-CERT"))


def test_a_closed_point_cannot_be_reopened(cast, catalogue):
    small_network(cast)
    services.outlet_set_status(actor=cast.admin, outlet=cast.bank_point, status="closed", reason="网点撤并")
    assert "CQ-JB-B001" not in near_codes()
    with pytest.raises(InvalidTransition):
        services.outlet_set_status(actor=cast.admin, outlet=cast.bank_point, status="open", reason="x")


@pytest.mark.parametrize(
    ("status", "reason", "field"), [("open", "x", None), ("gone", "x", "status"), ("closed", " ", "reason")]
)
def test_a_status_change_needs_a_new_known_status_and_a_reason(cast, status, reason, field):
    error = InvalidTransition if field is None else ValidationFailed
    with pytest.raises(error) as caught:
        services.outlet_set_status(actor=cast.admin, outlet=cast.yuzhong_hall, status=status, reason=reason)
    if field:
        assert field in caught.value.fields
    cast.yuzhong_hall.refresh_from_db()
    assert cast.yuzhong_hall.status == OutletStatus.OPEN
    assert not AuditEntry.objects.filter(action__startswith="network.outlet.").exists()


def test_only_managers_over_the_point_may_change_its_status(cast):
    for who in (cast.outsider, cast.teller, cast.reviewer):
        with pytest.raises(NotAllowed):
            services.outlet_set_status(actor=who, outlet=cast.yuzhong_hall, status="suspended", reason="x")
    with pytest.raises(NotAllowed):  # the Yuzhong manager does not run Jiangbei's points
        services.outlet_set_status(actor=cast.manager, outlet=cast.bank_point, status="suspended", reason="x")
    services.outlet_set_status(actor=cast.manager, outlet=cast.yuzhong_hall, status="suspended", reason="x")
    assert cast.yuzhong_hall.status == OutletStatus.SUSPENDED
