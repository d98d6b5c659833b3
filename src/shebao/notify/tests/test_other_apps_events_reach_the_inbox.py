"""End to end: what cases, the hall and the records import publish becomes the shipped scenarios'
notices in the citizen's inbox: case accepted, needs a supplement, decided, ready to collect; the
appointment reminder; contribution received and benefit paid."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shebao.cases import services
from shebao.cases.tests.helpers import make_world, new_key, pin_day
from shebao.notify.models import Delivery, Notice
from shebao.records.services import ledger_import
from shebao.records.tests.helpers import CAST_ID, CONTRIBUTION_HEADER, PAYMENT_HEADER, write_csv

pytestmark = pytest.mark.django_db
PARTIAL = {"resident_id_card", "unemployment_registration"}


def inbox_of(person, code):
    return list(
        Delivery.objects.filter(person=person, channel="inbox", notice__scenario__code=code).values_list(
            "body", flat=True
        )
    )


@pytest.fixture
def world(cast, seeded, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    return make_world(cast)


def accept(world, received=PARTIAL):
    return services.case_accept(
        teller=world.cast.teller, person=world.cast.person, item_code="T-UNE", received=received,
        idempotency_key=new_key(),
    ).case  # fmt: skip


def test_a_case_accepted_returned_decided_and_ready_is_in_the_inbox_once_each(world):
    person = world.cast.person
    case = accept(world, PARTIAL | {"termination_certificate"})
    [accepted] = inbox_of(person, "case_accepted")
    assert case.number in accepted and "2026-12-01" in accepted
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_return(user=world.cast.reviewer, number=case.number, reason="失业登记证明日期不清",
                         materials=["unemployment_registration"], days=3)  # fmt: skip
    [returned] = inbox_of(person, "case_supplement")
    assert "失业登记证明日期不清" in returned and "2026-11-27" in returned
    services.case_supplement(
        actor=world.cast.teller, number=case.number, material_key="unemployment_registration"
    )
    for user in (world.cast.reviewer, world.cast.approver):
        services.case_claim(user=user, number=case.number)
        services.case_approve(user=user, number=case.number)
    [decided] = inbox_of(person, "case_decided")
    [ready] = inbox_of(person, "case_ready")
    assert case.number in decided and world.cast.bank_point.name in ready
    assert Notice.objects.filter(person=person).count() == 4


def test_the_records_import_tells_of_contributions_received_and_benefits_paid(cast, seeded, tmp_path):
    from shebao.records.tests.helpers import an_employer

    an_employer(cast)
    contributions = write_csv(
        tmp_path / "c.csv", CONTRIBUTION_HEADER,
        f"{CAST_ID},employee_pension,2026-10,91500103MA5U7G5R4R,5000.00,800.00,400.00,,paid,",
        f"{CAST_ID},employee_pension,2026-11,91500103MA5U7G5R4R,5000.00,800.00,400.00,,arrears,",
    )  # fmt: skip
    ledger_import(path=contributions, kind="contributions")
    [received] = inbox_of(cast.person, "contribution_received")
    assert "2026-10" in received and "1200.00" in received  # the arrears month is not "received"
    payments = write_csv(
        tmp_path / "p.csv", PAYMENT_HEADER,
        f"{CAST_ID},employee_pension,2026-11,basic_part,3000.00,paid,6222021234567890,",
        f"{CAST_ID},employee_pension,2026-11,adjustment,120.50,paid,6222021234567890,",
    )  # fmt: skip
    ledger_import(path=payments, kind="payments")
    [paid] = inbox_of(cast.person, "benefit_paid")
    assert "3120.50" in paid and "120.50" in paid
    ledger_import(path=payments, kind="payments")  # the same file again: nothing new
    assert len(inbox_of(cast.person, "benefit_paid")) == 1


def test_tomorrows_booking_reminder_reaches_the_booker_s_inbox(cast, seeded):
    from shebao.hall.appointments import appointments_send_reminders
    from shebao.hall.models import Appointment, AppointmentSlot, ServiceCategory

    category = ServiceCategory.objects.create(outlet=cast.yuzhong_hall, code="A", name="养老")
    tomorrow = timezone.now() + timedelta(days=1)
    slot = AppointmentSlot.objects.create(outlet=cast.yuzhong_hall, category=category, starts_at=tomorrow,
                                          ends_at=tomorrow + timedelta(minutes=30), capacity=2)  # fmt: skip
    Appointment.objects.create(slot=slot, phone=cast.person.phone)
    assert appointments_send_reminders() == 1
    [reminder] = inbox_of(cast.person, "appointment_reminder")
    assert cast.yuzhong_hall.name in reminder
    assert appointments_send_reminders() == 0 and len(inbox_of(cast.person, "appointment_reminder")) == 1


def test_a_missing_materials_reminder_the_suspension_and_the_mailed_result_are_in_the_inbox(world):
    from shebao.cases import clock
    from shebao.cases.aftercare import case_reminders
    from shebao.cases.models import Case

    person = world.cast.person
    case = accept(world)  # the termination certificate deferred: due 2026-12-08
    Case.objects.filter(pk=case.pk).update(deficiency_due=clock.today() + timedelta(days=1))
    case_reminders()
    [reminder] = inbox_of(person, "case_material_reminder")
    assert case.number in reminder and "解除劳动合同证明" in reminder
    Case.objects.filter(pk=case.pk).update(deficiency_due=clock.today() - timedelta(days=1))
    case_reminders()
    [suspended] = inbox_of(person, "case_suspended")
    assert case.number in suspended

    done = accept(world, PARTIAL | {"termination_certificate"})
    for user in (world.cast.reviewer, world.cast.approver):
        services.case_claim(user=user, number=done.number)
        services.case_approve(user=user, number=done.number)
    services.case_choose_delivery(
        number=done.number, citizen=person, method="mail", address="重庆市渝中区民族路 88 号"
    )
    services.case_deliver(user=world.cast.reviewer, number=done.number, tracking_number="EMS1234567")
    [mailed] = inbox_of(person, "case_mailed")
    assert "EMS1234567" in mailed and done.number in mailed
