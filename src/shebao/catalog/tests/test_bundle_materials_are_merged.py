from types import SimpleNamespace

from shebao.catalog import selectors
from shebao.catalog.merge import merge_materials
from shebao.catalog.models import Bundle


def m(key, form="copy", requirement="required", count=1, days=None):
    return SimpleNamespace(
        key=key,
        name=key,
        form=form,
        count=count,
        requirement=requirement,
        defer_days=days,
        notes="",
        example="",
    )


def test_one_document_once_with_the_strictest_need():
    merged = merge_materials(
        [
            ("A", m("id", "copy")),
            ("B", m("id", "original", count=2)),
            ("C", m("bank", requirement="optional")),
            ("D", m("bank", requirement="deferrable", days=10)),
            ("E", m("bank", requirement="deferrable", days=5)),
        ]
    )
    by_key = {x.key: x for x in merged}
    assert sorted(by_key) == ["bank", "id"]
    assert by_key["id"].form == "original" and by_key["id"].count == 2 and by_key["id"].items == ["A", "B"]
    assert by_key["bank"].requirement == "deferrable" and by_key["bank"].defer_days == 5


def test_every_seed_bundle_lists_each_material_once(catalogue):
    for bundle in Bundle.objects.all():
        view = selectors.bundle_detail(bundle.code)
        keys = [x.key for x in view.materials]
        names = [x.name for x in view.materials]
        assert len(keys) == len(set(keys)) and len(names) == len(set(names)), bundle.code
        item_total = sum(len(g.materials) for g in view.guides)
        assert len(keys) <= item_total


def test_the_death_bundle_asks_for_one_id_card_not_five(catalogue):
    view = selectors.bundle_detail("death-employee")
    assert len(view.guides) == 5
    ids = [x for x in view.materials if x.key == "resident_id_card"]
    assert len(ids) == 1 and len(ids[0].items) >= 4
    assert ids[0].requirement == "required"
