"""Across network and cases: suspending or ending a partner point's agreement, or suspending the point,
stops its teller accepting at the window at once (the intake asks network's rule), and resuming the
agreement gives the right back; nothing is written while refused."""

import pytest
from django.urls import reverse

from shebao.cases import services as cases
from shebao.cases.models import Case
from shebao.cases.tests.helpers import make_world, new_key, pin_day
from shebao.core.errors import NotAllowed
from shebao.core.models import Role
from shebao.network import selectors
from shebao.network import services as network
from shebao.testing import make_staff, signed_in

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


def test_revoking_and_authorising_on_the_agreement_page_stops_and_restores_the_teller(world, client):
    manager = make_staff("jb-manager", "江北主任", world.cast.jiangbei, [Role.MANAGER])
    c = signed_in(client, manager)
    number, teller = world.agreement.number, world.cast.teller.staff.pk
    c.post(reverse("network:agreement_revoke", args=[number]), {"staff": teller, "step": "accept"})
    assert refused(world) == "teller_not_authorised"

    c.post(reverse("network:agreement_authorise", args=[number]), {"staff": teller, "step": "accept"})
    assert accept(world).created


def test_a_renewal_signed_on_the_form_lets_the_teller_accept_again(world, client):
    manager = make_staff("jb-manager", "江北主任", world.cast.jiangbei, [Role.MANAGER])
    network.agreement_end(actor=manager, agreement=world.agreement, reason="合作到期")
    assert refused(world) == "outlet_not_authorised"

    c = signed_in(client, manager)
    page = c.get(reverse("network:agreement_new", args=[world.cast.bank_point.code]))
    form = page.context["form"]  # the renewal starts from the ended agreement's terms and staff
    data = {**{k: v for k, v in form.items() if k not in ("scope", "auth")}, "number": "XY-CASES-2"}
    data.update(valid_until="2099-12-31", scope=sorted(form["scope"]), auth=sorted(form["auth"]))
    assert (
        c.post(reverse("network:agreement_new", args=[world.cast.bank_point.code]), data).status_code == 302
    )
    assert accept(world).created
