"""The database itself refuses ledger lines that contradict its rules, whoever writes them."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from shebao.records.tests.helpers import a_batch, a_month, a_payment, an_employer


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def employer(cast):
    return an_employer(cast)


def test_one_line_per_person_scheme_month_and_payer(cast, employer):
    batch = a_batch()
    a_month(cast.person, batch, employer=employer)
    a_month(cast.person, batch)  # the same month as a flexible worker: another payer
    assert refused(lambda: a_month(cast.person, batch, employer=employer))
    assert refused(lambda: a_month(cast.person, batch))  # NULL payer is still one payer
    a_month(cast.person, batch, scheme="unemployment", account_amount=Decimal("0"))


def test_a_month_is_its_first_day(cast):
    assert refused(lambda: a_month(cast.person, a_batch(), month=date(2024, 1, 15)))


def test_amounts_are_not_negative_and_the_account_share_is_within_what_was_paid(cast):
    batch = a_batch()
    assert refused(lambda: a_month(cast.person, batch, base=Decimal("-1.00")))
    assert refused(lambda: a_month(cast.person, batch, account_amount=Decimal("1200.01")))


def test_a_late_fee_belongs_to_a_month_paid_late(cast):
    batch = a_batch()
    assert refused(lambda: a_month(cast.person, batch, late_fee=Decimal("12.00")))
    assert refused(lambda: a_month(cast.person, batch, state="arrears", late_fee=Decimal("12.00")))
    a_month(cast.person, batch, state="paid_late", late_fee=Decimal("12.00"))
    # A waived fee (免收滞纳金) is still a month paid late.
    a_month(cast.person, batch, month=date(2024, 2, 1), state="paid_late")


def test_a_deduction_is_negative_and_every_other_part_is_not(cast):
    recipient, batch = cast.person.benefits.get(), a_batch(kind="payments")
    assert refused(lambda: a_payment(recipient, batch, part="deduction", amount=Decimal("50.00")))
    assert refused(lambda: a_payment(recipient, batch, part="back_pay", amount=Decimal("-50.00")))
    a_payment(recipient, batch, part="deduction", amount=Decimal("-50.00"))
    assert refused(lambda: a_payment(recipient, batch, part="deduction", amount=Decimal("-10.00")))


def test_unknown_states_and_schemes_are_refused(cast):
    batch = a_batch()
    assert refused(lambda: a_month(cast.person, batch, state="forgiven"))
    assert refused(lambda: a_month(cast.person, batch, scheme="medical"))
