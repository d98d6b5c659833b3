"""Every kind of change between two months is explained from the payment lines alone, and the reasons add
up to the difference between the two months' payments, to the fen."""

from datetime import date
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from shebao.consult.explain import Line, explain, month_of

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
BASE = [Line("basic_part", D("2400.00"), "paid"), Line("account_part", D("1079.14"), "paid")]


def kinds(before, after) -> dict[str, D]:
    reasons = explain(month_of(JAN, before), month_of(FEB, after))
    return {r.kind: r.amount for r in reasons}


def test_the_yearly_adjustment():
    got = kinds(BASE, [*BASE, Line("adjustment", D("69.58"), "paid")])
    assert got == {"adjustment": D("69.58")}


def test_back_pay_once_and_then_not_repeated():
    assert kinds(BASE, [*BASE, Line("back_pay", D("6958.28"), "paid")]) == {"back_pay": D("6958.28")}
    assert kinds([*BASE, Line("back_pay", D("6958.28"), "paid")], BASE) == {"back_pay_ended": D("-6958.28")}


def test_a_deduction_and_its_end():
    assert kinds(BASE, [*BASE, Line("deduction", D("-500.00"), "paid")]) == {"deduction": D("-500.00")}
    assert kinds([*BASE, Line("deduction", D("-500.00"), "paid")], BASE) == {"deduction_ended": D("500.00")}


def test_suspension_and_resumption():
    held = [Line(x.part, x.amount, "held") for x in BASE]
    assert kinds(BASE, held) == {"suspended": D("-3479.14")}
    assert kinds(held, BASE) == {"resumed": D("3479.14")}


def test_a_part_that_changed_and_nothing_at_all():
    lower = [Line("basic_part", D("2300.00"), "paid"), BASE[1]]
    reasons = explain(month_of(JAN, BASE), month_of(FEB, lower))
    assert [(r.kind, r.amount) for r in reasons] == [("part", D("-100.00"))]
    assert "100.00" in reasons[0].text
    assert explain(month_of(JAN, BASE), month_of(FEB, BASE)) == []


def test_the_words_are_plain_chinese(settings):
    from django.utils import translation

    with translation.override("zh-hans"):
        reasons = explain(month_of(JAN, BASE), month_of(FEB, [*BASE, Line("adjustment", D("69.58"), "paid")]))
    assert "调整" in reasons[0].text and "69.58" in reasons[0].text


PARTS = ["basic_part", "account_part", "transitional_part", "adjustment", "back_pay", "deduction"]
amounts = st.decimals(min_value=0, max_value=10000, places=2)


@st.composite
def a_month(draw):
    lines, state = [], draw(st.sampled_from(["paid", "paid", "held"]))
    for part in draw(st.sets(st.sampled_from(PARTS), min_size=1)):
        amount = draw(amounts)
        line_state = state if part in PARTS[:4] else "paid"
        lines.append(Line(part, -amount if part == "deduction" else amount, line_state))
    return lines


@given(a_month(), a_month())
def test_the_reasons_add_up_to_the_difference(before, after):
    first, second = month_of(JAN, before), month_of(FEB, after)
    reasons = explain(first, second)
    assert sum((r.amount for r in reasons), D("0")) == second.total - first.total
