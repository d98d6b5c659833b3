"""Suspending or ending a cooperation agreement takes the point off the map and its tellers' rights at
once; the item and tier filters decide which points may accept an item."""

import pytest

from shebao.core.errors import InvalidTransition, NotAllowed
from shebao.core.models import AuditEntry
from shebao.core.permissions import can
from shebao.network import selectors, services
from shebao.network.models import AgreementStatus

from .helpers import small_network

pytestmark = pytest.mark.django_db
GUANYINQIAO = (29.5754, 106.5322)  # the bank point itself


def nearest_codes(**kwargs):
    return [
        r.outlet.code for r in selectors.nearest_outlets(lat=GUANYINQIAO[0], lng=GUANYINQIAO[1], **kwargs)
    ]


def test_the_item_filter_follows_tier_and_agreement_scope(cast, catalogue):
    village, _ = small_network(cast)
    assert nearest_codes(item="STMT-PRINT") == ["CQ-JB-B001", "CQ-YZ-H001", "T-VILLAGE"]
    # Premium-only item: neither the basic bank point nor the basic village point; the hall takes anything.
    assert nearest_codes(item="EMP-REG") == ["CQ-YZ-H001"]
    assert selectors.outlet_may_accept(village, "STMT-PRINT")
    assert not selectors.outlet_may_accept(village, "EMP-REG")
    assert selectors.outlet_may_accept(cast.yuzhong_hall, "INJURY-ID")


def test_an_item_outside_the_agreement_scope_is_not_accepted_even_at_the_right_tier(cast, catalogue):
    _, agreement = small_network(cast)
    agreement.scope_items = ["PEN-CERT"]
    agreement.save()
    assert not selectors.outlet_may_accept(cast.bank_point, "STMT-PRINT")
    assert "CQ-JB-B001" not in nearest_codes(item="STMT-PRINT")


def test_suspending_the_agreement_removes_the_point_and_the_tellers_right_at_once(cast, catalogue):
    _, agreement = small_network(cast)
    assert can(cast.teller, "network.outlet.accept_item", (cast.bank_point, "PEN-CERT"))
    assert nearest_codes()[0] == "CQ-JB-B001"

    services.agreement_suspend(actor=cast.admin, agreement=agreement, reason="年度考核不合格")

    assert "CQ-JB-B001" not in nearest_codes()
    assert "CQ-JB-B001" not in [r.outlet.code for r in selectors.outlet_search(q="观音桥")]
    assert not can(cast.teller, "network.outlet.accept_item", (cast.bank_point, "PEN-CERT"))
    assert AuditEntry.objects.filter(action="network.agreement.suspended").count() == 1

    services.agreement_resume(actor=cast.admin, agreement=agreement, reason="整改完成")
    assert nearest_codes()[0] == "CQ-JB-B001"
    assert can(cast.teller, "network.outlet.accept_item", (cast.bank_point, "PEN-CERT"))


def test_ending_the_agreement_is_final(cast, catalogue):
    _, agreement = small_network(cast)
    services.agreement_end(actor=cast.admin, agreement=agreement, reason="合作到期不再续签")
    assert agreement.status == AgreementStatus.ENDED
    assert not can(cast.teller, "network.outlet.accept_item", (cast.bank_point, "PEN-CERT"))
    with pytest.raises(InvalidTransition):
        services.agreement_resume(actor=cast.admin, agreement=agreement, reason="想恢复")


def test_a_teller_acts_only_for_the_steps_named_and_only_at_their_own_point(cast, catalogue):
    small_network(cast)
    assert not can(cast.teller, "network.outlet.check_materials", (cast.bank_point, "PEN-CERT"))
    assert not can(cast.teller, "network.outlet.accept_item", (cast.yuzhong_hall, "PEN-CERT"))
    assert not can(cast.teller, "network.outlet.accept_item", (cast.bank_point, "NO-SUCH-ITEM"))
    assert not can(cast.outsider, "network.outlet.accept_item", (cast.bank_point, "PEN-CERT"))


def test_the_outsider_and_a_teller_may_not_suspend_an_agreement(cast, catalogue):
    _, agreement = small_network(cast)
    for who in (cast.outsider, cast.teller):
        with pytest.raises(NotAllowed):
            services.agreement_suspend(actor=who, agreement=agreement, reason="x")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE


def test_an_expired_agreement_takes_the_point_off_the_map_without_any_write(cast, catalogue):
    from datetime import date

    _, agreement = small_network(cast)
    agreement.valid_until = date(2024, 12, 31)
    agreement.save()
    assert "CQ-JB-B001" not in nearest_codes()
    assert not selectors.outlet_may_accept(cast.bank_point, "PEN-CERT")
