"""From a case, the back office reaches the applicant's record (an audited read) and the item's guide;
whoever may not see the person gets no link. Administrators see the statistics without the queue's list."""

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.cases.tests.helpers import new_key
from shebao.core.models import AuditEntry
from shebao.testing import signed_in


def _case(world):
    from shebao.cases import services

    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration"},
        idempotency_key=new_key(),
    ).case


def test_the_reviewer_opens_the_applicants_record_and_the_guide_from_the_case(client, world):
    case = _case(world)
    c = signed_in(client, world.cast.reviewer)
    page = c.get(reverse("cases:detail", args=[case.number])).content.decode()
    person_url = reverse("people:detail", args=[world.cast.person.pk])
    guide_url = reverse("catalog:item", args=[case.item.code])
    assert person_url in page and guide_url in page
    before = AuditEntry.objects.filter(action="people.person.viewed").count()
    assert c.get(person_url).status_code == 200
    assert AuditEntry.objects.filter(action="people.person.viewed").count() == before + 1
    assert c.get(guide_url).status_code == 200


def _admin(client, world):
    """The administrator, past the second factor the staff pages ask of that role."""
    admin = world.cast.admin
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    c = signed_in(client, admin)
    session = c.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return c


def test_staff_who_may_see_the_case_but_not_the_person_get_no_link_to_the_record(client, world):
    case = _case(world)  # an administrator sees every case but reads no person's record
    page = _admin(client, world).get(reverse("cases:detail", args=[case.number])).content.decode()
    assert reverse("people:detail", args=[world.cast.person.pk]) not in page
    assert reverse("catalog:item", args=[case.item.code]) in page


def test_an_administrator_sees_the_case_statistics_without_the_overdue_work_list(client, world):
    _case(world)
    response = _admin(client, world).get(reverse("cases:stats"))
    assert response.status_code == 200
    assert response.context["overdue"] is None and response.context["stats"]["totals"]["accepted"] == 1
    client.logout()
    manager_page = signed_in(client, world.cast.manager).get(reverse("cases:stats"))
    assert manager_page.context["overdue"] == []
