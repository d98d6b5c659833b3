"""The application form (issue 14) is catalogue data filled in the same way at the window and online: each
field of the item's version is asked, every missing or wrong answer is named at once and nothing is made,
and the case keeps the cleaned answers, shown to staff and the applicant with the account number masked."""

import pytest

from shebao.cases.models import Case, OnlineApplication
from shebao.cases.tests.helpers import PDF, new_key, upload
from shebao.core.models import Role
from shebao.people.tests.citizen_helpers import sign_in
from shebao.testing import make_staff, signed_in

pytestmark = pytest.mark.django_db
FORM = [
    {"key": "leaving_date", "label": "离职日期", "label_en": "Date you left", "kind": "date"},
    {"key": "leaving_reason", "label": "离职原因", "kind": "choice",
     "choices": ["劳动合同期满终止", "用人单位解除劳动合同"]},
    {"key": "bank_account", "label": "银行账号", "label_en": "Bank account", "kind": "bank_account",
     "help": "本人名下的账户", "help_en": "An account in your own name"},
    {"key": "remarks", "label": "备注", "kind": "text", "required": False},
]  # fmt: skip
GOOD = {"form_leaving_date": "2026-11-02", "form_leaving_reason": "劳动合同期满终止",
        "form_bank_account": "6222 0210 0112 3456 789"}  # fmt: skip
BAD = {"form_leaving_date": "2026-11-31", "form_leaving_reason": "不想干了", "form_bank_account": "62220"}
RECEIVED = ["resident_id_card", "unemployment_registration"]


@pytest.fixture
def formed(world):
    version = world.unemployment.versions.get()
    version.form_fields = FORM
    version.save(update_fields=["form_fields"])
    world.unemployment.channels = ["window", "online"]
    world.unemployment.save(update_fields=["channels"])
    return world


def _accept(client, world, answers):
    body = {"person_id": world.cast.person.pk, "item": "T-UNE", "key": new_key(), "received": RECEIVED}
    return client.post("/cases/accept/submit/", {**body, **answers}, headers={"accept-language": "en"})


def test_the_teller_s_page_asks_the_form_and_every_wrong_answer_is_named_at_once(client, formed):
    teller = signed_in(client, formed.cast.teller)
    page = teller.get("/cases/accept/", {"person": formed.cast.person.pk, "item": "T-UNE"}).content.decode()
    assert 'data-testid="application-form"' in page and 'name="form_bank_account"' in page
    assert 'type="date"' in page and "劳动合同期满终止" in page
    refused = _accept(teller, formed, BAD)
    text = refused.content.decode()
    assert refused.status_code == 422 and not Case.objects.exists()
    assert "YYYY-MM-DD" in text and "12 to 30 digits" in text and "Choose one of the answers" in text
    # The page again, not a dead end: what was typed and ticked kept, each wrong answer marked.
    assert 'data-testid="accept-form"' in text and 'id="form_bank_account-error"' in text
    assert 'value="62220"' in text and 'value="2026-11-31"' in text
    assert 'value="resident_id_card" checked' in text


def test_the_form_s_labels_and_help_are_in_the_teller_s_language(client, formed):
    teller = signed_in(client, formed.cast.teller)
    query = {"person": formed.cast.person.pk, "item": "T-UNE"}
    english = teller.get("/cases/accept/", query, headers={"accept-language": "en"}).content.decode()
    assert "Bank account" in english and "An account in your own name" in english
    assert "本人名下的账户" not in english
    chinese = teller.get("/cases/accept/", query).content.decode()
    assert "本人名下的账户" in chinese and "An account in your own name" not in chinese


def test_the_case_keeps_the_cleaned_answers_and_shows_the_account_masked(client, formed):
    teller = signed_in(client, formed.cast.teller)
    receipt = _accept(teller, formed, GOOD)
    case = Case.objects.get()
    assert case.form_data == {"leaving_date": "2026-11-02", "leaving_reason": "劳动合同期满终止",
                              "bank_account": "6222021001123456789"}  # fmt: skip
    printed = teller.get(receipt["Location"]).content.decode()
    assert "****" in printed and "6789" in printed and "6222021001123456789" not in printed
    reviewer = signed_in(client.__class__(), formed.cast.reviewer)
    shown = reviewer.get(f"/cases/{case.number}/").content.decode()
    assert 'data-testid="form-answers"' in shown and "劳动合同期满终止" in shown
    assert "6222021001123456789" not in shown


def test_a_citizen_applying_online_is_told_every_answer_and_material_missing_at_once(client, formed):
    make_staff("hallteller", "周受理", formed.cast.yuzhong, [Role.TELLER], outlet=formed.cast.yuzhong_hall)
    sign_in(client, "500103195303071224", "13812345678")
    page = client.get("/cases/apply/T-UNE/").content.decode()
    assert 'name="form_leaving_reason"' in page
    person = str(formed.cast.person.pk)
    refused = client.post("/cases/apply/T-UNE/", {"key": new_key(), "person": person, **BAD})
    text = refused.content.decode()
    assert refused.status_code == 422 and not OnlineApplication.objects.exists()
    assert 'id="form_leaving_date-error"' in text and 'id="form_bank_account-error"' in text
    assert "失业登记证明" in text  # the missing material named in the same answer
    assert 'value="62220"' in text  # what was typed stays, to be corrected

    files = {f"scan_{k}": upload(f"{k}.pdf", PDF) for k in RECEIVED}
    client.post("/cases/apply/T-UNE/", {"key": new_key(), "person": person, **GOOD, **files})
    application = OnlineApplication.objects.get()
    assert application.form_data["bank_account"] == "6222021001123456789"
    staff = signed_in(client.__class__(), formed.cast.yuzhong_hall.staff.get().user)
    check = staff.get(f"/cases/online/{application.reference}/").content.decode()
    assert "劳动合同期满终止" in check and "6222021001123456789" not in check
    staff.post(f"/cases/online/{application.reference}/decide/", {"decision": "accept", "good": RECEIVED})
    assert Case.objects.get().form_data == application.form_data


def test_the_api_takes_the_answers_and_names_a_wrong_one(client, formed):
    api = signed_in(client, formed.cast.teller)
    body = {"person_id": formed.cast.person.pk, "item_code": "T-UNE", "received": RECEIVED}
    wrong = {k[5:]: v for k, v in {**GOOD, "form_bank_account": "12"}.items()}
    refused = api.post("/api/v1/cases", {**body, "answers": wrong}, content_type="application/json",
                       headers={"Idempotency-Key": new_key()})  # fmt: skip
    assert refused.status_code == 422 and "form_bank_account" in refused.json()["error"]["fields"]
    answers = {k[5:]: v for k, v in GOOD.items()}
    made = api.post("/api/v1/cases", {**body, "answers": answers}, content_type="application/json",
                    headers={"Idempotency-Key": new_key()})  # fmt: skip
    assert made.status_code in (200, 201)
    assert Case.objects.get().form_data["leaving_reason"] == "劳动合同期满终止"
