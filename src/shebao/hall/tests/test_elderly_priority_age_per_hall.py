"""Priority for the elderly starts at 60 by default (the Law on the Protection of the Rights of the
Elderly) and each hall may set its own age; the ticket page says the age that applies at that hall."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from shebao.hall.services import ticket_take

pytestmark = pytest.mark.django_db

AGED_64 = "500103196205101236"  # born 10 May 1962: 64 on the day below
AGED_60 = "500103196612024565"  # born 2 December 1966: sixty on the day below
DAY = timezone.make_aware(datetime(2026, 12, 2, 10, 0))


def take(hall, number):
    return ticket_take(outlet=hall.outlet, category_code="pension", doc_number=number, now=DAY)


def test_a_visitor_is_elderly_from_sixty_by_default(hall):
    assert hall.outlet.elderly_priority_age is None
    assert take(hall, AGED_64).priority == "elderly"
    assert take(hall, AGED_60).priority == "elderly"  # sixty today


def test_a_hall_that_starts_at_65_gives_a_64_year_old_an_ordinary_ticket(hall):
    hall.outlet.elderly_priority_age = 65
    hall.outlet.save(update_fields=["elderly_priority_age"])
    assert take(hall, AGED_64).priority == ""
    assert take(hall, "500103195303071224").priority == "elderly"  # 73


def test_the_ticket_page_states_the_age_of_this_hall(client, hall):
    hall.outlet.elderly_priority_age = 65
    hall.outlet.save(update_fields=["elderly_priority_age"])
    body = client.get(reverse("hall:take", args=[hall.outlet.code])).content.decode()
    assert "65周岁及以上" in body
