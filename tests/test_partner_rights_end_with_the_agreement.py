"""A partner point's teller reads and registers persons only under the point's agreement in force, naming
them for accepting or checking (issue 12): suspending, ending or letting it lapse, or taking the teller off
it, stops them at once, on the pages and the API, and nothing is read or stored."""

from datetime import date

import pytest
from django.urls import reverse

from shebao.core.models import AuditEntry
from shebao.network.models import Agreement, AgreementStaff, AgreementStatus, Step
from shebao.people.models import Person
from shebao.testing import signed_in, under_agreement

pytestmark = pytest.mark.django_db
NEW = {"name": "陈家豪", "doc_type": "resident_id", "number": "500105199008081017", "phone": "13912345678"}


@pytest.fixture(autouse=True)
def agreement(cast) -> Agreement:
    return under_agreement(cast)


def take_away(change: str) -> None:
    """The cast's agreement stops covering the teller."""
    agreement = Agreement.objects.get()
    if change == "not_named":
        AgreementStaff.objects.exclude(step=Step.HAND_OVER).delete()  # left with hand-over only
    elif change == "lapsed":
        agreement.valid_until = date(2025, 1, 1)
        agreement.save(update_fields=["valid_until"])
    else:
        agreement.status = change
        agreement.save(update_fields=["status"])


def reads(client, cast) -> list[int]:
    return [
        client.get(reverse("people:detail", args=[cast.person.pk])).status_code,
        client.get("/api/v1/persons", {"q": "500103195303071224"}).status_code,
        client.get(reverse("people:search"), {"q": "500103195303071224"}).status_code,
        client.get(reverse("people:register")).status_code,
    ]


def test_under_the_agreement_the_teller_reads_and_registers(client, cast):
    c = signed_in(client, cast.teller)
    assert reads(c, cast) == [200, 200, 200, 200]
    assert c.post(reverse("people:register"), NEW).status_code == 302
    assert Person.objects.filter(name="陈家豪").exists()


@pytest.mark.parametrize("change", [AgreementStatus.SUSPENDED, AgreementStatus.ENDED, "lapsed", "not_named"])
def test_without_the_agreement_the_teller_reads_and_registers_no_one(client, cast, change):
    take_away(change)
    c = signed_in(client, cast.teller)
    viewed_before = AuditEntry.objects.filter(action="people.person.viewed").count()
    assert reads(c, cast) == [403, 403, 403, 403]
    assert c.post(reverse("people:register"), NEW).status_code == 403
    api = c.get("/api/v1/persons", {"q": "500103195303071224"})
    assert api.json()["error"]["code"] == "forbidden"
    assert not Person.objects.filter(name="陈家豪").exists()
    assert AuditEntry.objects.filter(action="people.person.viewed").count() == viewed_before


def test_the_agency_s_own_hall_needs_no_agreement(client, cast):
    from shebao.core.models import Role
    from shebao.testing import make_staff

    hall_teller = make_staff("hall.teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall)
    take_away(AgreementStatus.ENDED)
    assert reads(signed_in(client, hall_teller), cast) == [200, 200, 200, 200]
