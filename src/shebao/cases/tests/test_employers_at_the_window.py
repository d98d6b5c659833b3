"""Issue 13: employers (单位) are applicants. The employer's handling staff (经办人), with its letter of
authority, apply for an item or a bundle for several employees at once: one case per employee and item,
linked by one submission, decided by the employer's home agency."""

import json

import pytest

from shebao.cases import services
from shebao.cases.models import Case, Submission
from shebao.cases.tests.helpers import make_applicants, new_key
from shebao.core.errors import NotFound, ValidationFailed
from shebao.people.models import Employer
from shebao.people.tests.citizen_helpers import person_with_phone, sign_in
from shebao.testing import signed_in

CREDIT_CODE = "91500105203578160A"
RECEIVED = {"resident_id_card", "unemployment_registration", "power_of_attorney"}
HANDLER = services.ProxyIn("钱经办", "resident_id", "500103198001011238", "letter")


@pytest.fixture
def employer(world):
    """A company insured at Wanzhou; the test bundle is the employer's (both its items are)."""
    world.unemployment.applicant_types = ["employer"]
    world.unemployment.save(update_fields=["applicant_types"])
    # T-REC stays an individual's item: the employer's bundle applies for it for its staff.
    world.bundle.applicant_type = "employer"
    world.bundle.save(update_fields=["applicant_type"])
    return Employer.objects.create(
        credit_code=CREDIT_CODE, name="重庆山城科技有限公司", home_agency=world.cast.wanzhou
    )


def _accept(world, employees, **kw):
    args = {
        "teller": world.cast.teller,
        "credit_code": CREDIT_CODE,
        "employees": employees,
        "handler": HANDLER,
        "bundle_code": "t-leaving",
        "received": RECEIVED,
        "idempotency_key": new_key(),
    }
    return services.employer_case_accept(**{**args, **kw})


def test_a_bundle_for_three_new_staff_makes_one_linked_case_per_person_and_item(world, employer):
    staff = make_applicants(world.cast.yuzhong, 3)
    intake = _accept(world, staff)
    assert intake.created and len(intake.cases) == 6
    assert {(c.person_id, c.item_version.item.code) for c in intake.cases} == {
        (p.pk, code) for p in staff for code in ("T-UNE", "T-REC")
    }
    assert Submission.objects.count() == 1 and {c.submission_id for c in intake.cases} == {
        intake.submission.pk
    }
    for case in Case.objects.all():
        # The employer's home agency decides, not the employees' own (Yuzhong) nor the outlet's (Jiangbei).
        assert case.employer == employer and case.home_agency == world.cast.wanzhou
        assert case.number.startswith("500101-") and case.proxy_name == "钱经办"
        assert case.events.get(action="accepted").data["employer"] == CREDIT_CODE


def test_a_retry_returns_the_same_cases_and_makes_none(world, employer):
    staff = make_applicants(world.cast.yuzhong, 2)
    key = new_key()
    first = _accept(world, staff, idempotency_key=key)
    again = _accept(world, staff, idempotency_key=key)
    assert not again.created and [c.pk for c in again.cases] == sorted(c.pk for c in first.cases)
    assert Case.objects.count() == 4


def test_without_the_employers_letter_of_authority_nothing_is_accepted(world, employer):
    with pytest.raises(ValidationFailed) as refused:
        _accept(world, make_applicants(world.cast.yuzhong, 2), received=RECEIVED - {"power_of_attorney"})
    assert "power_of_attorney" in refused.value.fields
    assert not Case.objects.exists() and not Submission.objects.exists()


def test_an_unknown_credit_code_or_no_employee_is_refused(world, employer):
    with pytest.raises(NotFound):
        _accept(world, make_applicants(world.cast.yuzhong, 1), credit_code="91500105203578161X")
    with pytest.raises(ValidationFailed) as refused:
        _accept(world, [])
    assert "employees" in refused.value.fields
    assert not Case.objects.exists()


def test_an_individuals_item_is_not_taken_from_an_employer_nor_an_employers_from_an_individual(
    world, employer
):
    with pytest.raises(ValidationFailed) as refused:
        _accept(world, make_applicants(world.cast.yuzhong, 1), bundle_code="", item_code="T-REC")
    assert "item" in refused.value.fields
    world.bundle.applicant_type = "person"
    world.bundle.save(update_fields=["applicant_type"])
    with pytest.raises(ValidationFailed) as refused:
        _accept(world, make_applicants(world.cast.yuzhong, 1))
    assert "bundle" in refused.value.fields
    with pytest.raises(ValidationFailed):
        services.case_accept(
            teller=world.cast.teller,
            person=world.cast.person,
            item_code="T-UNE",
            received=RECEIVED,
            idempotency_key=new_key(),
        )
    assert not Case.objects.exists()


def _post(client, body, key="e-1"):
    return client.post(
        "/api/v1/cases/employer",
        json.dumps(body),
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )


def test_the_api_accepts_an_employers_bundle_and_refuses_an_outsider(client, world, employer):
    staff = make_applicants(world.cast.yuzhong, 3)
    body = {
        "credit_code": CREDIT_CODE,
        "employee_ids": [p.pk for p in staff],
        "handler": {"name": "钱经办", "doc_number": HANDLER.doc_number},
        "bundle_code": "t-leaving",
        "received": sorted(RECEIVED),
    }
    signed_in(client, world.cast.outsider)
    assert _post(client, body).status_code == 403 and not Case.objects.exists()
    signed_in(client, world.cast.teller)
    response = _post(client, body)
    assert response.status_code == 201
    cases = response.json()["cases"]
    assert len(cases) == 6 and {c["home_agency"] for c in cases} == {"500101"}
    assert _post(client, body).status_code == 200 and Case.objects.count() == 6


def test_the_teller_accepts_an_employers_bundle_for_three_staff_on_the_page(client, world, employer):
    staff = make_applicants(world.cast.yuzhong, 3)
    signed_in(client, world.cast.teller)
    assert "employer-window" in client.get("/cases/accept/").content.decode()
    found = client.get("/cases/accept/employer/", {"credit_code": CREDIT_CODE}).content.decode()
    assert employer.name in found and "bundle-t-leaving" in found
    form = client.get("/cases/accept/employer/", {"credit_code": CREDIT_CODE, "bundle": "t-leaving"}).content
    key = form.decode().split('name="key" value="')[1].split('"')[0]
    post = {
        "credit_code": CREDIT_CODE,
        "bundle": "t-leaving",
        "key": key,
        "handler_name": "钱经办",
        "handler_doc_type": "resident_id",
        "handler_doc_number": HANDLER.doc_number,
        "received": sorted(RECEIVED),
    }
    unknown = client.post("/cases/accept/employer/submit/", {**post, "employees": "E99999999"})
    assert unknown.status_code == 422 and not Case.objects.exists()
    numbers = "\n".join(p.documents.get().number for p in staff)
    response = client.post("/cases/accept/employer/submit/", {**post, "employees": numbers})
    assert response.status_code == 302 and Case.objects.filter(employer=employer).count() == 6
    receipt = client.get(response["Location"]).content.decode()
    assert all(c.number in receipt for c in Case.objects.all())


def test_the_employer_sees_its_cases_in_its_handling_staffs_portal_view_and_others_do_not(
    client, world, employer
):
    person_with_phone("钱经办", HANDLER.doc_number, "13900002222")
    cases = _accept(world, make_applicants(world.cast.yuzhong, 2)).cases
    sign_in(client, HANDLER.doc_number, "13900002222")
    assert "employer-view" in client.get("/cases/mine/").content.decode()
    page = client.get("/cases/mine/employer/").content.decode()
    assert employer.name in page and all(f"employer-case-{c.number}" in page for c in cases)
    assert "测试0" not in page  # the employees' names are masked
    client.logout()
    sign_in(client, "500103195303071224", "13812345678")
    other = client.get("/cases/mine/employer/").content.decode()
    assert employer.name not in other and not any(c.number in other for c in cases)


FORM = [
    {"key": "accident_date", "label": "事故发生日期", "label_en": "Date of the accident", "kind": "date"},
    {"key": "remarks", "label": "备注", "kind": "text", "required": False},
]


@pytest.fixture
def formed(world, employer):
    version = world.unemployment.versions.get()
    version.form_fields = FORM
    version.save(update_fields=["form_fields"])
    return employer


def test_an_employers_item_with_a_form_is_accepted_only_with_its_answers_on_the_page(client, world, formed):
    staff = make_applicants(world.cast.yuzhong, 2)
    signed_in(client, world.cast.teller)
    page = client.get(
        "/cases/accept/employer/", {"credit_code": CREDIT_CODE, "item": "T-UNE"}
    ).content.decode()
    assert 'data-testid="application-form"' in page and 'name="form_accident_date"' in page
    numbers = "\n".join(p.documents.get().number for p in staff)
    post = {
        "credit_code": CREDIT_CODE,
        "item": "T-UNE",
        "key": new_key(),
        "employees": numbers,
        "handler_name": "钱经办",
        "handler_doc_type": "resident_id",
        "handler_doc_number": HANDLER.doc_number,
        "received": sorted(RECEIVED),
    }
    refused = client.post("/cases/accept/employer/submit/", {**post, "form_accident_date": "2026-02-30"})
    text = refused.content.decode()
    assert refused.status_code == 422 and not Case.objects.exists()
    # The page again with the wrong answer marked and everything typed and ticked kept.
    assert 'id="form_accident_date-error"' in text and 'value="2026-02-30"' in text
    assert numbers in text and 'value="钱经办"' in text and 'value="power_of_attorney" checked' in text
    accepted = client.post("/cases/accept/employer/submit/", {**post, "form_accident_date": "2026-11-20"})
    assert accepted.status_code == 302
    assert [c.form_data for c in Case.objects.order_by("id")] == [{"accident_date": "2026-11-20"}] * 2


def test_the_api_takes_an_employers_answers_and_refuses_a_missing_one(client, world, formed):
    staff = make_applicants(world.cast.yuzhong, 1)
    body = {
        "credit_code": CREDIT_CODE,
        "employee_ids": [staff[0].pk],
        "handler": {"name": "钱经办", "doc_number": HANDLER.doc_number},
        "item_code": "T-UNE",
        "received": sorted(RECEIVED),
    }
    signed_in(client, world.cast.teller)
    missing = _post(client, body)
    assert missing.status_code == 422 and "form_accident_date" in missing.json()["error"]["fields"]
    assert not Case.objects.exists()
    response = _post(client, {**body, "answers": {"accident_date": "2026-11-20", "remarks": "搬运时扭伤"}})
    assert response.status_code == 201
    assert Case.objects.get().form_data == {"accident_date": "2026-11-20", "remarks": "搬运时扭伤"}
