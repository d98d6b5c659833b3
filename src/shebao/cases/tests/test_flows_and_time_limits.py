from datetime import date

import pytest

from shebao.cases import flows, services
from shebao.cases.models import Case
from shebao.cases.tests.helpers import _item, new_key, pin_day
from shebao.core.errors import NotAllowed, ValidationFailed
from shebao.core.models import Role

RECEIVED = {"resident_id_card", "unemployment_registration", "termination_certificate"}


def accept(world, item="T-UNE", received=RECEIVED):
    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code=item,
        received=received,
        idempotency_key=new_key(),
    ).case


def test_a_case_keeps_the_flow_it_started_with_when_a_new_version_is_published(world):
    before = accept(world)
    flows.flow_publish(item=world.unemployment, steps=flows.THREE_STEP, effective_from=date(2026, 11, 1))
    after = accept(world)
    assert [s.role for s in before.steps.all()] == [Role.REVIEWER, Role.APPROVER]
    assert [s.name for s in after.steps.all()] == ["初审", "复核", "审批"]
    assert (before.flow.version, after.flow.version) == (1, 2)


def test_a_flow_version_that_starts_later_does_not_apply_yet(world):
    accept(world)
    flows.flow_publish(item=world.unemployment, steps=flows.THREE_STEP, effective_from=date(2027, 1, 1))
    assert accept(world).steps.count() == 2


def test_a_flow_needs_back_office_steps(world):
    with pytest.raises(ValidationFailed):
        flows.flow_publish(item=world.unemployment, steps=[], effective_from=date(2026, 1, 1))
    with pytest.raises(ValidationFailed):
        flows.flow_publish(
            item=world.unemployment, steps=[("受理", Role.TELLER)], effective_from=date(2026, 1, 1)
        )


def test_the_time_limit_skips_the_national_day_holiday_and_counts_the_make_up_saturday(world, monkeypatch):
    pin_day(monkeypatch, date(2025, 9, 30))
    case = accept(world)
    # RULES.md: 1-8 October off, Saturday 11 October worked: 5 working days after 30 September.
    assert case.deadline == date(2025, 10, 14)
    assert case.materials.filter(due__isnull=False).count() == 0


def test_a_deferred_material_is_due_in_working_days_across_a_holiday(world, monkeypatch):
    pin_day(monkeypatch, date(2025, 9, 30))
    case = accept(world, received={"resident_id_card", "unemployment_registration"})
    # 10 working days: 9, 10, 11 (make-up Saturday), 13, 14, 15, 16, 17, 20, 21 October.
    assert case.deficiency_due == date(2025, 10, 21)


def test_an_outlet_whose_agreement_does_not_cover_the_item_is_refused(world):
    _item(
        "T-MED",
        "医保关系转移",
        risk="high",
        instant=False,
        tiers=["premium"],
        days=10,
        materials=[("resident_id_card", "居民身份证", "required", None)],
    )
    with pytest.raises(NotAllowed) as caught:
        accept(world, item="T-MED", received={"resident_id_card"})
    assert caught.value.code == "outlet_not_authorised"
    assert not Case.objects.exists()


def test_an_expired_agreement_stops_the_bank_point_accepting(world):
    world.agreement.valid_until = date(2026, 1, 1)
    world.agreement.save()
    with pytest.raises(NotAllowed) as caught:
        accept(world)
    assert caught.value.code == "outlet_not_authorised"


def test_case_numbers_are_unique_and_readable_across_agencies_and_days(world, monkeypatch):
    numbers = [accept(world).number for _ in range(3)]
    pin_day(monkeypatch, date(2026, 11, 25))
    numbers.append(accept(world).number)
    assert len(set(numbers)) == 4
    assert numbers[-1] == "500103-20261125-000001"
    assert numbers[:3] == [f"500103-20261124-{n:06d}" for n in (1, 2, 3)]
