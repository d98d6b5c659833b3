"""A catalogue search costs no database query once the index is built (no freshness check per search);
an item changed in this process is found at once, one changed elsewhere within FRESH_FOR seconds."""

from unittest import mock

from django.utils import timezone

from shebao.catalog import selectors
from shebao.catalog.models import ServiceItem
from shebao.core import fresh


def codes(query):
    return [item.code for item in selectors.item_search(query=query)]


def test_searching_again_asks_the_database_nothing(catalogue, django_assert_num_queries):
    assert codes("tuixiu")[:1] == ["PEN001"]
    with django_assert_num_queries(0):
        assert codes("tuixiu")[:1] == ["PEN001"]
        assert codes("社保卡挂失")[:1] == ["CARD002"]


def test_an_item_renamed_here_is_found_by_its_new_name_at_once(catalogue):
    assert codes("退休申请")[:1] == ["PEN001"]
    item = ServiceItem.objects.get(code="PEN001")
    item.name = "养老待遇领取申请"
    item.save()
    assert codes("养老待遇领取申请")[:1] == ["PEN001"]


def test_a_change_made_by_another_process_is_seen_once_the_check_is_due(catalogue):
    assert codes("退休申请")[:1] == ["PEN001"]
    # Another process's change: no signal here, only the table changes.
    ServiceItem.objects.filter(code="PEN001").update(name="养老待遇领取申请", updated_at=timezone.now())
    assert codes("养老待遇领取申请")[:1] != ["PEN001"]  # within FRESH_FOR: the index as it was
    later = fresh.time.monotonic() + selectors.FRESH_FOR + 1
    with mock.patch.object(fresh.time, "monotonic", return_value=later):
        assert codes("养老待遇领取申请")[:1] == ["PEN001"]
