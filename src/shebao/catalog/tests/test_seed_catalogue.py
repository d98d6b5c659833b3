import csv
import datetime as dt

from django.utils import timezone

from shebao.catalog import demo
from shebao.catalog.models import Bundle, Category, ItemVersion, ServiceItem
from shebao.catalog.textnorm import DATA

PROXY_DOCUMENTS = {"agent_id_card", "power_of_attorney"}


def _seed_rows(kind):
    with open(DATA / f"{kind}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


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


def test_premium_points_take_employer_registration_changes_and_a_work_injury_claim(catalogue):
    # Taizhou (source 003): premium points add employer registration, employer and personal detail changes
    # and work-injury benefit claims to the basic points' pension queries, card exchange and record prints.
    premium = {i.code: i for i in ServiceItem.objects.all() if "premium" in i.outlet_tiers}
    basic = {code for code, i in premium.items() if "basic" in i.outlet_tiers}
    assert {"REC001", "REC005", "CARD004"} <= basic
    assert {"REG001", "REG003", "REG010"} <= set(premium)
    assert any(i.category == "work_injury" for i in premium.values())


def test_the_guide_names_a_bank_point_exactly_when_one_may_accept_the_item(catalogue):
    for item in ServiceItem.objects.all():
        assert ("cooperation" in item.channels) == ("premium" in item.outlet_tiers), item.code
        assert ("kiosk" in item.channels) == ("self_service" in item.outlet_tiers), item.code


def test_every_seed_item_cites_its_own_legal_basis(catalogue):
    rows = _seed_rows("items")
    assert all(r["legal_basis"].startswith("《") for r in rows), "a row falls back to the category text"
    for item in ServiceItem.objects.all():
        basis = item.current_version().legal_basis
        if item.category == "work_injury":
            assert "《工伤保险条例》" in basis and "第" in basis, item.code
        if item.category == "unemployment":
            assert "失业保险" in basis, item.code
        if item.category == "certification":
            assert "资格确认" in basis, item.code


def test_items_a_proxy_may_not_apply_for_ask_for_no_proxy_documents(catalogue):
    for item in ServiceItem.objects.all():
        keys = set(item.current_version().materials.values_list("key", flat=True))
        if not item.proxy_allowed:
            assert not keys & PROXY_DOCUMENTS, item.code
        elif item.applicant_types == ["person"]:
            assert "power_of_attorney" in keys, item.code


def test_instant_items_take_no_days_and_reviewed_items_have_a_time_limit(catalogue):
    for item in ServiceItem.objects.all():
        days = item.current_version().time_limit_days
        assert (days == 0) if item.instant else (days >= 1), item.code


def test_standard_steps_name_only_the_channels_the_item_has(catalogue):
    window_only = ServiceItem.objects.get(code="REG015")  # foreigners register at the window
    assert window_only.channels == ["window"]
    steps = window_only.current_version().steps
    assert "社保经办窗口" in steps[0] and "银行" not in steps[0] and "手机App" not in steps[0]
    reviewed = ServiceItem.objects.get(code="WI015").current_version()
    assert any("20个工作日" in s for s in reviewed.steps)


def test_every_material_has_notes_and_an_example(catalogue):
    for item in ServiceItem.objects.all():
        for m in item.current_version().materials.all():
            assert m.notes and m.example, (item.code, m.key)


def test_the_life_events_of_the_issue_each_have_a_bundle(catalogue):
    def items(code):
        return {m.item.code for m in Bundle.objects.get(code=code).members.select_related("item")}

    assert {"REG004", "EMP001"} <= items("employee-onboarding")
    assert "REG005" in items("employee-leaving")
    assert "PEN001" in items("retirement")
    # A death in the family: survivor benefit and funeral grant, and the personal account refunded.
    assert {"SUR001", "PEN010"} <= items("death-employee")
    assert {"TRA001", "TRA009"} <= items("moving-province") and "TRA002" in items("moving-city")
    assert len(items("staff-changes")) == 14  # Yichang: 14 onboarding and offboarding items at once


def test_seeding_twice_changes_nothing_and_logs_nothing(catalogue):
    from shebao.core.models import AuditEntry

    before, entries = ItemVersion.objects.count(), AuditEntry.objects.count()
    assert catalogue.seed() == {"items": 0, "versions": 0, "bundles": 0}
    assert ItemVersion.objects.count() == before
    assert AuditEntry.objects.count() == entries


def test_a_changed_seed_file_gives_the_changed_item_a_version_from_today(catalogue, monkeypatch):
    tables = demo.seed_tables()
    for _line, row in tables["items"]:
        if row["code"] == "REC001":
            row["time_limit_days"], row["risk"], row["instant"] = "3", "high", "no"
    monkeypatch.setattr(demo, "seed_tables", lambda: tables)
    assert demo.seed()["versions"] == 1
    item = ServiceItem.objects.get(code="REC001")
    assert item.current_version().number == 2 and item.current_version().time_limit_days == 3
    assert item.current_version().effective_from == timezone.localdate()
    assert item.version_on(dt.date(2025, 6, 1)).number == 1  # what earlier cases were told stays
