import pytest

from shebao.cases import services
from shebao.cases.tests.helpers import new_key
from shebao.core.errors import ValidationFailed
from shebao.people import proxies
from shebao.people.tests.citizen_helpers import person_with_phone

SON = "500103198001011238"
RECEIVED = {"resident_id_card", "unemployment_registration"}


def accept(world, proxy):
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received=RECEIVED,
        proxy=proxy,
        idempotency_key=new_key(),
    ).case


def test_a_bound_proxy_is_checked_against_the_bindings(world):
    son = person_with_phone("王小明", SON, "13900001111")
    proxy = services.ProxyIn("王小明", "resident_id", SON, "binding")
    with pytest.raises(ValidationFailed) as caught:
        accept(world, proxy)
    assert "proxy_basis" in caught.value.fields
    proxies.proxy_bind_at_window(
        teller=world.cast.teller, proxy=son, principal=world.cast.person, relation="parent"
    )
    case = accept(world, proxy)
    assert case.proxy_basis == "binding" and case.masked_proxy_doc == "500103********1238"
    assert case.events.get(action="accepted").data["proxy_basis"] == "binding"


def test_a_stranger_claiming_a_binding_is_refused(world):
    person_with_phone("路人甲", SON, "13900001111")
    with pytest.raises(ValidationFailed):
        accept(world, services.ProxyIn("路人甲", "resident_id", SON, "binding"))
