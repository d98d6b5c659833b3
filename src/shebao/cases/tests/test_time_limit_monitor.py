from datetime import date

import pytest

from shebao.cases import selectors, services
from shebao.cases.tests.helpers import accept_unemployment_case, pin_day
from shebao.core.errors import NotAllowed

COMPLETE = {"resident_id_card", "unemployment_registration", "termination_certificate"}


@pytest.fixture
def case(world):
    # Time limit 2026-12-01: five working days after Tuesday 24 November.
    return accept_unemployment_case(world, COMPLETE)


@pytest.mark.parametrize(
    ("today", "days", "warning"),
    [
        (date(2026, 11, 24), 5, ""),
        (date(2026, 11, 27), 2, "yellow"),
        (date(2026, 12, 1), 0, "red"),
        (date(2026, 12, 3), -2, "red"),
    ],
)
def test_remaining_working_days_turn_yellow_then_red(world, case, today, days, warning):
    assert selectors.remaining_days(case, today) == days
    assert selectors.warning(days) == warning


def test_the_overdue_list_holds_running_cases_past_their_time_limit(world, case, monkeypatch):
    assert selectors.overdue(user=world.cast.reviewer) == []
    pin_day(monkeypatch, date(2026, 12, 2))
    [row] = selectors.overdue(user=world.cast.reviewer)
    assert row.case == case and row.days == -1 and row.warning == "red"
    assert selectors.statistics(user=world.cast.manager)["totals"]["overdue"] == 1
    with pytest.raises(NotAllowed):
        selectors.overdue(user=world.cast.teller)
    assert selectors.overdue(user=world.cast.outsider) == []  # Wanzhou sees none of Yuzhong's


def test_a_returned_case_stops_the_clock(world, case, monkeypatch):
    services.case_claim(user=world.cast.reviewer, number=case.number)
    services.case_return(
        user=world.cast.reviewer,
        number=case.number,
        reason="复印件不清",
        materials=["resident_id_card"],
        days=5,
    )
    case.refresh_from_db()
    assert selectors.remaining_days(case) is None
    pin_day(monkeypatch, date(2026, 12, 2))
    assert selectors.overdue(user=world.cast.reviewer) == []


@pytest.mark.parametrize(
    ("today", "reads"),
    [(date(2026, 11, 30), "1 working day left"), (date(2026, 12, 3), "overdue by 2 working days")],
)
def test_the_case_page_says_how_long_is_left_or_how_long_it_is_overdue(
    world, case, monkeypatch, client, today, reads
):
    from shebao.testing import signed_in

    pin_day(monkeypatch, today)
    client.cookies["shebao_language"] = "en"
    text = signed_in(client, world.cast.reviewer).get(f"/cases/{case.number}/").content.decode()
    assert reads in text
    assert "-2 working" not in text and "-1 working" not in text
