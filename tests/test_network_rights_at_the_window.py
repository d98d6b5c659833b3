"""Across network and cases: suspending or ending a partner point's agreement, or suspending the point,
stops its teller accepting at the window at once (the intake asks network's rule), and resuming the
agreement gives the right back; nothing is written while refused."""

import pytest

from shebao.cases import services as cases
from shebao.cases.models import Case
from shebao.cases.tests.helpers import make_world, new_key, pin_day
from shebao.core.errors import NotAllowed
from shebao.network import selectors
from shebao.network import services as network

pytestmark = pytest.mark.django_db
RECEIVED = {"resident_id_card", "unemployment_registration"}


@pytest.fixture
def world(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    return make_world(cast)


def accept(world):
    return cases.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received=RECEIVED,
        idempotency_key=new_key(),
    )


def refused(world) -> str:
    before = Case.objects.count()
    with pytest.raises(NotAllowed) as caught:
        accept(world)
    assert Case.objects.count() == before
    return caught.value.code


def on_map(world) -> bool:
    bank = world.cast.bank_point
    return bank.code in [
        r.outlet.code for r in selectors.nearest_outlets(lat=bank.latitude, lng=bank.longitude, limit=5)
    ]


def test_a_suspended_agreement_stops_acceptance_and_the_map_entry_until_resumed(world):
    assert accept(world).created and on_map(world)

    network.agreement_suspend(actor=world.cast.admin, agreement=world.agreement, reason="考核不合格")
    assert refused(world) == "outlet_not_authorised"
    assert not on_map(world)

    network.agreement_resume(actor=world.cast.admin, agreement=world.agreement, reason="整改完成")
    assert accept(world).created and on_map(world)


def test_an_ended_agreement_stops_acceptance_for_good(world):
    network.agreement_end(actor=world.cast.admin, agreement=world.agreement, reason="合作到期")
    assert refused(world) == "outlet_not_authorised"
    assert not on_map(world)


def test_a_suspended_point_stops_acceptance(world):
    network.outlet_set_status(
        actor=world.cast.admin, outlet=world.cast.bank_point, status="suspended", reason="装修"
    )
    assert refused(world) == "outlet_not_authorised"


def test_revoking_the_teller_s_accept_step_stops_only_that_teller(world):
    network.agreement_revoke(
        actor=world.cast.admin, agreement=world.agreement, staff=world.cast.teller.staff, step="accept"
    )
    assert refused(world) == "teller_not_authorised"
    assert on_map(world)
