"""The contract between the catalogue and cases (issue 4): a case stores the guide version it was accepted
under; a later version changes neither that case nor what it asks for, and cases accepted once the new
version is in force follow the new one. The public guide shows the version in force today."""

import datetime as dt

import pytest
from django.db.models import ProtectedError

from shebao.cases import services as cases
from shebao.cases.tests.helpers import DAY, make_world, new_key, pin_day
from shebao.catalog import services as catalog
from shebao.catalog.importer import MaterialSpec
from shebao.catalog.models import ItemVersion

NEXT_WEEK = DAY + dt.timedelta(days=7)  # Tuesday 1 December 2026


@pytest.fixture
def world(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    return make_world(cast)


def _accept(world):
    return cases.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration", "termination_certificate"},
        idempotency_key=new_key(),
    ).case


def _publish_stricter_version(world, start):
    """A new edition: twice the time limit and one more document that cannot wait."""
    old = world.unemployment.version_on(DAY)
    materials = [
        MaterialSpec(m.key, m.name, m.form, m.count, m.requirement, m.defer_days, m.notes, m.example)
        for m in old.materials.order_by("position")
    ] + [MaterialSpec("bank_account", "本人银行账户", "copy", 1, "required", None, "", "")]
    return catalog.item_version_publish(
        actor=world.cast.admin,
        item=world.unemployment,
        content={
            "legal_basis": old.legal_basis,
            "conditions": old.conditions,
            "steps": old.steps,
            "time_limit_days": old.time_limit_days * 2,
            "fee": old.fee,
            "forms": old.forms,
        },
        materials=materials,
        effective_from=start,
        change_note="stricter",
    )


def test_a_new_version_changes_nothing_about_a_case_accepted_before(world, monkeypatch):
    case = _accept(world)
    accepted_under, deadline = case.item_version, case.deadline
    keys = sorted(case.materials.values_list("key", flat=True))

    new = _publish_stricter_version(world, NEXT_WEEK)

    case.refresh_from_db()
    assert case.item_version == accepted_under and case.item_version.number == 1
    assert case.deadline == deadline and sorted(case.materials.values_list("key", flat=True)) == keys
    assert ItemVersion.objects.get(pk=accepted_under.pk).time_limit_days == 5  # the old edition untouched
    assert new.number == 2 and accepted_under.cases.count() == 1

    pin_day(monkeypatch, NEXT_WEEK)
    with pytest.raises(cases.MaterialsMissing) as caught:
        _accept(world)  # the same documents no longer do under the new version
    assert [line.key for line in caught.value.notice.lines] == ["bank_account"]
    later = cases.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration", "termination_certificate", "bank_account"},
        idempotency_key=new_key(),
    ).case
    assert later.item_version == new
    assert later.deadline == dt.date(2026, 12, 15)  # 10 working days after 1 December


def test_a_version_a_case_points_to_cannot_be_deleted(world):
    case = _accept(world)
    with pytest.raises(ProtectedError):
        case.item_version.delete()


def test_the_guide_shows_the_version_in_force_today(world, client):
    today = dt.date.today()
    _publish_stricter_version(world, today + dt.timedelta(days=30))  # announced, not yet in force
    body = client.get("/api/v1/catalog/items/T-UNE").json()
    assert body["version"]["number"] == 1 and "bank_account" not in [m["key"] for m in body["materials"]]
    page = client.get("/catalog/items/T-UNE/").content.decode()
    assert 'data-key="bank_account"' not in page


def test_the_guide_switches_to_a_new_version_the_day_it_comes_into_force(world, client):
    _publish_stricter_version(world, dt.date.today())
    body = client.get("/api/v1/catalog/items/T-UNE").json()
    assert body["version"]["number"] == 2 and body["version"]["time_limit_days"] == 10
    assert "bank_account" in [m["key"] for m in body["materials"]]
    assert 'data-key="bank_account"' in client.get("/catalog/items/T-UNE/").content.decode()
