"""The demo hall: businesses, windows, slots, a history of served and rated visitors with follow-ups,
visitors waiting now, bookings and home visits; a second seeding adds nothing."""

from io import StringIO

import pytest

from shebao.core import demo as core_demo
from shebao.core.auditchain import seal_pending, verify_chain
from shebao.hall import demo
from shebao.hall.models import Appointment, Evaluation, FollowUp, HomeVisit, ServiceCategory, Ticket, Window
from shebao.network.models import OpeningHours
from shebao.people import demo as people_demo

from .conftest import HALL_HOURS

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    demo.seed(rng_seed=3, stdout=out)
    return out.getvalue()


@pytest.fixture
def municipality(settings):
    settings.SHEBAO = {**settings.SHEBAO, "DEMO_PERSONS": 300}
    core_demo.seed(rng_seed=3, stdout=StringIO())
    people_demo.seed(rng_seed=3, stdout=StringIO())
    from shebao.core.models import Outlet

    # The network demo gives every hall its opening hours; only the halls are needed here.
    halls = [core_demo.hall_code("500103"), core_demo.MUNICIPAL_HALL_CODE]
    for outlet in Outlet.objects.filter(code__in=halls):
        OpeningHours.objects.bulk_create(
            [OpeningHours(outlet=outlet, day=d, opens=o, closes=c) for d, o, c in HALL_HOURS]
        )


def test_the_demo_hall_has_windows_a_served_history_and_people_waiting_and_a_second_seeding_adds_nothing(
    municipality,
):
    out = seed()
    hall = core_demo.hall_code("500103")
    assert ServiceCategory.objects.filter(outlet__code=hall).count() == 4
    assert Window.objects.filter(outlet__code=hall).count() == 6
    done = Ticket.objects.filter(outlet__code=hall, state="done")
    assert done.count() > 100 and Evaluation.objects.count() > 30
    assert Ticket.objects.filter(outlet__code=hall, state="waiting").exists()
    assert all(t.taken_at <= t.called_at <= t.serving_at <= t.finished_at for t in done)
    assert FollowUp.objects.filter(state="closed").exists()
    assert FollowUp.objects.exclude(state="closed").exists()
    booked = set(Appointment.objects.values_list("state", flat=True))
    assert booked == {"checked_in", "no_show", "booked"}  # the past days' and the coming days'
    assert HomeVisit.objects.filter(state="visited").exists()
    assert "past visitors served" in out
    seal_pending()
    assert verify_chain() is None
    models = (Ticket, Evaluation, FollowUp, Appointment, HomeVisit, ServiceCategory, Window)
    counts = [m.objects.count() for m in models]
    seed()
    assert [m.objects.count() for m in models] == counts
