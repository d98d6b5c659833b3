import datetime as dt

import pytest
from django.db.models import ProtectedError

from shebao.catalog import services
from shebao.catalog.importer import MaterialSpec
from shebao.catalog.models import ItemVersion, ServiceItem
from shebao.core.errors import NotAllowed, ValidationFailed


def _publish(actor, item, *, days, start, system=True):
    content = {
        "legal_basis": "新依据",
        "conditions": "新条件",
        "steps": ["申请", "办结"],
        "time_limit_days": days,
        "fee": 0,
        "forms": [],
    }
    materials = [MaterialSpec("resident_id_card", "居民身份证", "original", 1, "required", None, "", "")]
    return services.item_version_publish(
        actor=actor, item=item, content=content, materials=materials, effective_from=start, system=system
    )


def test_a_new_version_does_not_change_the_version_a_case_was_accepted_under(catalogue):
    item = ServiceItem.objects.get(code="PEN001")
    accepted_under = item.current_version()  # what a case stores: a foreign key to this row
    accepted_id, old_limit = accepted_under.pk, accepted_under.time_limit_days
    old_materials = list(accepted_under.materials.values_list("key", flat=True))
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    new = _publish(None, item, days=old_limit + 5, start=tomorrow)

    reloaded = ItemVersion.objects.get(pk=accepted_id)
    assert reloaded.time_limit_days == old_limit
    assert list(reloaded.materials.values_list("key", flat=True)) == old_materials
    assert reloaded.effective_until == tomorrow
    assert item.version_on(dt.date.today()).pk == accepted_id
    assert item.version_on(tomorrow) == new and new.number == reloaded.number + 1


def test_an_unchanged_guide_publishes_no_version(catalogue):
    item = ServiceItem.objects.get(code="REC001")
    start = dt.date.today() + dt.timedelta(days=3)
    assert _publish(None, item, days=1, start=start) is not None
    assert _publish(None, item, days=1, start=start + dt.timedelta(days=1)) is None


def test_a_version_cannot_start_before_the_current_one(catalogue):
    item = ServiceItem.objects.get(code="REC001")
    with pytest.raises(ValidationFailed):
        _publish(None, item, days=3, start=dt.date(2020, 1, 1))
    assert item.versions.count() == 1


def test_versions_are_protected_from_deleting_the_item(catalogue):
    with pytest.raises(ProtectedError):
        ServiceItem.objects.get(code="PEN001").delete()


def test_only_an_administrator_publishes(catalogue, cast):
    item = ServiceItem.objects.get(code="REC002")
    for user in (cast.teller, cast.outsider, cast.manager):
        with pytest.raises(NotAllowed):
            _publish(user, item, days=2, start=dt.date.today() + dt.timedelta(days=1), system=False)
    assert _publish(cast.admin, item, days=2, start=dt.date.today() + dt.timedelta(days=1), system=False)
