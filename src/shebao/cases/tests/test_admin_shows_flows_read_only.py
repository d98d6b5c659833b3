from shebao.cases import services
from shebao.cases.models import ReviewFlow
from shebao.cases.tests.helpers import new_key
from shebao.core.tests.test_admin import admin_signed_in_with_second_factor
from shebao.people import proxies
from shebao.people.tests.citizen_helpers import person_with_phone


def test_flows_cases_and_bindings_are_shown_but_not_changed_in_the_admin(client, world):
    case = services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration"},
        idempotency_key=new_key(),
    ).case
    son = person_with_phone("王小明", "500103198001011238", "13900001111")
    proxies.proxy_bind_at_window(
        teller=world.cast.teller, proxy=son, principal=world.cast.person, relation="parent"
    )
    c = admin_signed_in_with_second_factor(client, world.cast)
    flow = ReviewFlow.objects.get()
    page = c.get(f"/admin/cases/reviewflow/{flow.pk}/change/")
    assert page.status_code == 200 and "初审" in page.content.decode()
    assert case.number in c.get("/admin/cases/case/").content.decode()
    listing = c.get("/admin/people/proxybinding/").content.decode()
    assert "王**" in listing and "王小明" not in listing
    assert c.get("/admin/cases/reviewflow/add/").status_code == 403
    assert c.post(f"/admin/cases/case/{case.pk}/delete/", {"post": "yes"}).status_code == 403
