"""An event another app publishes becomes one notice per person, scenario and period: in the citizen's
inbox with an unread count, marked read by them only; bound relatives, the employer and the home agency
get theirs when the scenario names them."""

from datetime import date

import pytest

from shebao.core import events
from shebao.notify.models import Delivery, DeliveryState, Notice
from shebao.notify.tests.helpers import a_scenario
from shebao.people.citizen_models import ProxyBinding
from shebao.people.models import Employer, InsuranceRecord
from shebao.people.tests.citizen_helpers import person_with_phone, sign_in

pytestmark = pytest.mark.django_db
CAST_ID = "500103195303071224"


def test_the_same_event_twice_is_one_notice(cast):
    a_scenario(channels=("inbox",))
    for _ in range(2):
        events.publish("tests.thing.happened", person_id=cast.person.pk, period="2026-11", month="2026-11")
    events.publish("tests.thing.happened", person_id=cast.person.pk, period="2026-12", month="2026-12")
    assert sorted(Notice.objects.values_list("period", flat=True)) == ["2026-11", "2026-12"]
    inbox = Delivery.objects.get(notice__period="2026-11")
    assert inbox.state == DeliveryState.DELIVERED
    assert inbox.body == "李秀英，2026-11的事情办好了。"


def test_a_rolled_back_change_leaves_no_notice(cast):
    from django.db import transaction

    a_scenario(channels=("inbox",))
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("tests.thing.happened", person_id=cast.person.pk, period="x", month="2026-11")
        raise RuntimeError("the publisher's change failed")
    assert not Notice.objects.exists()


def test_the_citizen_sees_the_unread_count_and_marks_a_notice_read(client, cast):
    a_scenario(channels=("inbox",))
    events.publish("tests.thing.happened", person_id=cast.person.pk, period="a", month="2026-10")
    events.publish("tests.thing.happened", person_id=cast.person.pk, period="b", month="2026-11")
    sign_in(client, CAST_ID, cast.person.phone)
    home = client.get("/my/").content.decode()
    assert 'data-testid="unread-count">2<' in home
    page = client.get("/notices/inbox/")
    assert page.context["unread"] == 2 and len(page.context["notices"]) == 2
    first = page.context["notices"][0]
    assert client.post(f"/notices/inbox/{first.pk}/read/").status_code == 302
    assert client.get("/notices/inbox/").context["unread"] == 1


def test_another_citizen_cannot_mark_my_notice(client, cast):
    a_scenario(channels=("inbox",))
    events.publish("tests.thing.happened", person_id=cast.person.pk, period="a", month="2026-10")
    mine = Delivery.objects.get()
    other = person_with_phone("王五", "110105199003071235", "13900001111")
    sign_in(client, "110105199003071235", other.phone)
    assert client.post(f"/notices/inbox/{mine.pk}/read/").status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None


def test_relatives_employer_and_home_agency_get_theirs(client, cast):
    a_scenario(channels=("inbox",), audience=("person", "relatives", "employer", "agency"))
    son = person_with_phone("李强", "110105199003071235", "13900001111")
    ProxyBinding.objects.create(proxy=son, principal=cast.person, relation="child", consent="sms")
    employer = Employer.objects.create(
        credit_code="91500103MA5U7G5R4R", name="重庆山城机械厂", home_agency=cast.yuzhong
    )
    InsuranceRecord.objects.filter(person=cast.person, insurance_type="employee_pension").update(
        employer=employer, status="active", start_date=date(1985, 7, 1)
    )
    events.publish("tests.thing.happened", person_id=cast.person.pk, period="a", month="2026-10")
    got = {(d.audience, d.person_id, d.employer_id, d.agency_id) for d in Delivery.objects.all()}
    assert got == {
        ("person", cast.person.pk, None, None),
        ("relatives", son.pk, None, None),
        ("employer", None, employer.pk, None),
        ("agency", None, None, cast.yuzhong.pk),
    }
    from shebao.testing import signed_in

    page = signed_in(client, cast.reviewer).get("/notices/agency/")
    assert page.status_code == 200 and len(page.context["notices"]) == 1
    assert "李秀英" not in page.content.decode()  # the person's name masked
