"""An employer's notices (an employee reaching retirement age) are read by its handling staff (经办人) in
their portal: the employers they handled matters for at a window, and no other employer's."""

import pytest

from shebao.cases import services
from shebao.cases.tests.helpers import make_applicants, make_world, new_key, pin_day
from shebao.core import events
from shebao.notify.tests.helpers import a_scenario
from shebao.people.models import Employer, InsuranceRecord
from shebao.people.tests.citizen_helpers import person_with_phone, sign_in

pytestmark = pytest.mark.django_db
RECEIVED = {"resident_id_card", "unemployment_registration", "power_of_attorney"}
HANDLER = services.ProxyIn("钱经办", "resident_id", "500103198001011238", "letter")


def test_the_handling_staff_reads_the_employers_notices_and_a_stranger_does_not(
    client, cast, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    world = make_world(cast)
    world.unemployment.applicant_types = ["employer"]
    world.unemployment.save(update_fields=["applicant_types"])
    world.bundle.applicant_type = "employer"
    world.bundle.save(update_fields=["applicant_type"])
    employer = Employer.objects.create(credit_code="91500105203578160A", name="重庆山城科技有限公司",
                                       home_agency=cast.wanzhou)  # fmt: skip
    staff = make_applicants(cast.yuzhong, 1)
    services.employer_case_accept(
        teller=cast.teller, credit_code=employer.credit_code, employees=staff, handler=HANDLER,
        bundle_code="t-leaving", received=RECEIVED,
        idempotency_key=new_key(),
    )  # fmt: skip
    InsuranceRecord.objects.filter(person=staff[0]).update(employer=employer)
    a_scenario(channels=("inbox",), audience=("employer",))
    events.publish("tests.thing.happened", person_id=staff[0].pk, period="a", month="2027-03")

    person_with_phone("钱经办", HANDLER.doc_number, "13900002222")
    sign_in(client, HANDLER.doc_number, "13900002222")
    page = client.get("/notices/employer/")
    assert page.status_code == 200 and len(page.context["notices"]) == 1
    text = page.content.decode()
    assert employer.name in text and "2027-03" in text and "测试0" not in text  # the employee masked
    client.logout()
    sign_in(client, "500103195303071224", "13812345678")
    assert client.get("/notices/employer/").context["notices"] == []
