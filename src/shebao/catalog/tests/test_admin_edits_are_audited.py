"""Items and bundles edited in the Django admin go through the services: administrators only, every edit
in the audit log. Published versions and their materials stay read-only."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from shebao.catalog import services
from shebao.catalog.models import Bundle, ItemVersion, Material, ServiceItem
from shebao.core.errors import NotAllowed
from shebao.core.models import AuditEntry


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_an_administrator_renames_an_item_and_the_audit_log_says_so(catalogue, cast):
    item = ServiceItem.objects.get(code="REC001")
    item.name_en = "Print my social insurance record"
    services.item_save(actor=cast.admin, item=item, changed=["name_en"], created=False)
    entry = AuditEntry.objects.get(action="catalog.item.changed")
    assert entry.actor_id == cast.admin.pk and entry.object_id == str(item.pk)
    assert entry.data == {"code": "REC001", "fields": ["name_en"]}
    assert ServiceItem.objects.get(code="REC001").name_en == "Print my social insurance record"


def test_anyone_else_is_refused_and_nothing_changes(catalogue, cast):
    for user in (cast.teller, cast.manager, cast.outsider):
        item = ServiceItem.objects.get(code="REC001")
        item.outlet_tiers = []
        with pytest.raises(NotAllowed):
            services.item_save(actor=user, item=item, changed=["outlet_tiers"], created=False)
        with pytest.raises(NotAllowed):
            services.bundle_delete(actor=user, bundle=Bundle.objects.get(code="retirement"))
    assert "basic" in ServiceItem.objects.get(code="REC001").outlet_tiers
    assert Bundle.objects.filter(code="retirement").exists()
    assert not AuditEntry.objects.filter(
        action__in=["catalog.item.changed", "catalog.bundle.deleted"]
    ).exists()


def test_the_admin_lets_only_administrators_change_items_and_bundles(catalogue, cast):
    for user in (cast.admin, cast.teller, cast.outsider):
        user.is_staff = user.is_superuser = True  # even Django's superuser flag is not enough
        user.save()
    item_admin, bundle_admin = site._registry[ServiceItem], site._registry[Bundle]
    admin, teller, outsider = (_request(u) for u in (cast.admin, cast.teller, cast.outsider))
    assert item_admin.has_change_permission(admin) and bundle_admin.has_delete_permission(admin)
    for request in (teller, outsider):
        assert not item_admin.has_change_permission(request) and not item_admin.has_add_permission(request)
        assert not bundle_admin.has_change_permission(request)
        assert not bundle_admin.has_delete_permission(request)
    assert not item_admin.has_delete_permission(admin)  # versions are referenced by cases


def test_published_versions_and_materials_are_read_only_in_the_admin(catalogue, cast):
    request = _request(cast.admin)
    for model in (ItemVersion, Material):
        model_admin = site._registry[model]
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_deleting_a_bundle_is_logged_with_its_code(catalogue, cast):
    services.bundle_delete(actor=cast.admin, bundle=Bundle.objects.get(code="lost-card"))
    assert not Bundle.objects.filter(code="lost-card").exists()
    assert AuditEntry.objects.get(action="catalog.bundle.deleted").data == {"code": "lost-card"}
