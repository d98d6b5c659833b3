from datetime import date

from shebao.cases import services
from shebao.cases.tests.helpers import new_key
from shebao.core.models import TextMessage
from shebao.people import proxies
from shebao.people.tests.citizen_helpers import person_with_phone
from shebao.testing import signed_in

PHONE = "13812345678"  # the cast person's
PARTIAL = {"resident_id_card", "unemployment_registration"}


def accept(world, item="T-UNE", received=PARTIAL):
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code=item,
        received=received,
        idempotency_key=new_key(),
    ).case


def texts(purpose, phone=PHONE):
    return list(TextMessage.objects.filter(purpose=purpose, phone=phone).values_list("body", flat=True))


def test_acceptance_texts_the_case_number_time_limit_and_what_is_missing(world):
    case = accept(world)
    [body] = texts("cases.accepted")
    assert case.number in body and "2026-12-01" in body
    assert "解除劳动合同证明" in body and "2026-12-08" in body


def test_an_instant_item_is_one_text_saying_it_is_completed(world):
    case = accept(world, item="T-REC", received={"resident_id_card"})
    assert texts("cases.accepted") == []
    [body] = texts("cases.completed_at_window")
    assert case.number in body


def test_a_return_texts_the_reason_and_the_new_deadline(world):
    case = accept(world)
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_return(
        user=world.cast.reviewer,
        number=case.number,
        reason="失业登记证明日期不清",
        materials=["unemployment_registration"],
        days=3,
    )
    [body] = texts("cases.returned")
    assert "失业登记证明日期不清" in body and "2026-11-27" in body and "失业登记证明" in body


def test_a_reason_that_ends_in_a_full_stop_reads_as_one_sentence_and_materials_are_enumerated(world):
    case = accept(world)
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_return(
        user=world.cast.reviewer,
        number=case.number,
        reason="失业登记证明日期不清。 ",
        materials=["unemployment_registration"],
        days=3,
    )
    [body] = texts("cases.returned")
    assert "失业登记证明日期不清。请" in body and "。。" not in body
    assert "失业登记证明、解除劳动合同证明" in body or "解除劳动合同证明、失业登记证明" in body
    refused = accept(world)
    services.case_claim(user=world.cast.reviewer, number=refused.number)
    services.case_reject(user=world.cast.reviewer, number=refused.number, reason="不符合第十四条！")
    [rejection] = texts("cases.rejected")
    assert "不符合第十四条。" in rejection and "！" not in rejection


def test_reminders_and_suspension_are_texted_once(world):
    case = accept(world)
    services.case_reminders(today=date(2026, 12, 4))
    services.case_reminders(today=date(2026, 12, 4))
    [reminder] = texts("cases.reminded")
    assert case.number in reminder and "2026-12-08" in reminder
    services.case_reminders(today=date(2026, 12, 9))
    services.case_reminders(today=date(2026, 12, 9))
    [suspended] = texts("cases.suspended")
    assert "解除劳动合同证明" in suspended


def test_completion_and_rejection_are_texted(world):
    done = accept(world, received=PARTIAL | {"termination_certificate"})
    for user in (world.cast.reviewer, world.cast.approver):
        services.case_claim(user=user, number=done.number)
        services.case_approve(user=user, number=done.number)
    assert [done.number in b for b in texts("cases.approved")] == [True]
    refused = accept(world)
    services.case_claim(user=world.cast.reviewer, number=refused.number)
    services.case_reject(
        user=world.cast.reviewer, number=refused.number, reason="不符合《失业保险条例》第十四条"
    )
    [body] = texts("cases.rejected")
    assert refused.number in body and "第十四条" in body


def test_a_bound_relative_is_told_too_and_a_person_without_phone_is_skipped(world):
    son = person_with_phone("王小明", "500103198001011238", "13900001111")
    proxies.proxy_bind_at_window(
        teller=world.cast.teller, proxy=son, principal=world.cast.person, relation="parent"
    )
    accept(world)
    assert len(texts("cases.accepted")) == 1 and len(texts("cases.accepted", phone="13900001111")) == 1
    world.cast.person.phone = ""
    world.cast.person.save()
    accept(world)
    assert TextMessage.objects.filter(purpose="cases.accepted").count() == 3


def test_an_intake_over_the_api_texts_a_bound_relative_too_and_nobody_else(client, world):
    """The API reads with the applicant whether anyone acts for them (no query for the relatives when
    nobody does): both ways must text exactly who they should."""
    son = person_with_phone("王小明", "500103198001011238", "13900001111")
    signed_in(client, world.cast.teller)

    def intake():
        body = {"person_id": world.cast.person.pk, "item_code": "T-UNE", "received": sorted(PARTIAL)}
        response = client.post(
            "/api/v1/cases", body, content_type="application/json", headers={"Idempotency-Key": new_key()}
        )
        assert response.status_code == 201

    intake()
    assert len(texts("cases.accepted")) == 1 and texts("cases.accepted", phone="13900001111") == []
    proxies.proxy_bind_at_window(
        teller=world.cast.teller, proxy=son, principal=world.cast.person, relation="parent"
    )
    intake()
    assert len(texts("cases.accepted")) == 2 and len(texts("cases.accepted", phone="13900001111")) == 1
