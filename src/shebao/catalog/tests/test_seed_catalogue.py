from shebao.catalog.models import Bundle, Category, ItemVersion, ServiceItem


def test_the_seed_has_every_category_and_enough_items(catalogue):
    items = list(ServiceItem.objects.all())
    assert len(items) >= 150
    assert {i.category for i in items} == set(Category.values)
    assert sum(i.instant and i.risk == "low" for i in items) >= 30
    assert Bundle.objects.count() >= 11
    assert all(i.name_zh_hant and i.name_en for i in items)
    assert ServiceItem.objects.get(code="CARD004").name_zh_hant == "社會保障卡補換"


def test_basic_points_handle_22_items_and_premium_points_40(catalogue):
    # network.items reads `outlet_tiers` as the list of tiers whose outlets may accept the item.
    tiers = [set(i.outlet_tiers) for i in ServiceItem.objects.all()]
    assert sum("basic" in t for t in tiers) == 22
    assert sum("premium" in t for t in tiers) == 40
    assert all("premium" in t for t in tiers if "basic" in t)


def test_every_item_has_a_guide_in_force_with_materials(catalogue):
    for item in ServiceItem.objects.all():
        version = item.current_version()
        assert version is not None and version.steps and version.legal_basis, item.code
        assert version.materials.exists() or item.applicant_types == ["employer"], item.code


def test_seeding_twice_changes_nothing(catalogue):
    before = ItemVersion.objects.count()
    assert catalogue.seed() == {"items": 0, "versions": 0, "bundles": 0}
    assert ItemVersion.objects.count() == before
