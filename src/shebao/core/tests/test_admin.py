"""The Django admin: reference data for administrators past the second factor; the audit log read-only."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.testing import CAST_PASSWORD

pytestmark = pytest.mark.django_db


def admin_signed_in_with_second_factor(client, cast):
    """Through the sign-in page with a real TOTP code (the helper in shebao.testing skips the form)."""
    device = TOTPDevice.objects.create(user=cast.admin, name="phone", confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(
        reverse("core:login"), {"username": "admin", "password": CAST_PASSWORD, "otp_token": code}
    )
    assert response.status_code == 302
    return client


def test_an_admin_with_the_second_factor_manages_outlets_and_staff(client, cast):
    c = admin_signed_in_with_second_factor(client, cast)
    assert c.get("/admin/core/outlet/").status_code == 200
    assert c.get("/admin/core/staffprofile/").status_code == 200


def test_a_superuser_without_the_second_factor_cannot_open_the_admin(client, cast):
    client.force_login(cast.admin)
    response = client.get("/admin/core/outlet/")
    assert response.status_code == 302 and response["Location"] == reverse("core:otp_setup")


def test_the_audit_log_cannot_be_changed_or_deleted_in_the_admin(client, cast):
    from shebao.core.audit import log_action

    entry = log_action("core.test.happened")
    c = admin_signed_in_with_second_factor(client, cast)
    assert c.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert c.get("/admin/core/auditentry/add/").status_code == 403


def test_a_superuser_without_the_administrator_role_is_refused_even_with_the_second_factor(client, cast):
    cast.reviewer.is_staff = cast.reviewer.is_superuser = True
    cast.reviewer.save()
    device = TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    client.post(reverse("core:login"), {"username": "reviewer", "password": CAST_PASSWORD, "otp_token": code})
    response = client.get("/admin/core/outlet/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_outsider_is_refused_the_admin(client, cast):
    from shebao.testing import signed_in

    response = signed_in(client, cast.outsider).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_change_made_in_the_admin_is_written_to_the_audit_log(client, cast):
    from shebao.core.models import AuditEntry

    c = admin_signed_in_with_second_factor(client, cast)
    url = f"/admin/core/agency/{cast.yuzhong.pk}/change/"
    form = {
        "code": "500103",
        "name": "渝中区社会保险事务中心",
        "level": "district",
        "parent": cast.province.pk,
        "latitude": "29.55",
        "longitude": "106.57",
    }
    assert c.post(url, form).status_code == 302
    entry = AuditEntry.objects.get(action="core.agency.changed")
    assert entry.actor_id == cast.admin.pk and entry.object_id == str(cast.yuzhong.pk)
    assert entry.data == {"via": "admin", "fields": ["name", "latitude", "longitude"]}


def test_every_apps_admin_is_audited_and_permission_checked():
    from django.contrib import admin

    from shebao.core.adminsite import AuditedAdmin, StaffAdminSite

    assert isinstance(admin.site, StaffAdminSite)
    assert admin.site._registry  # the apps' admins are registered on this site
    assert all(isinstance(model_admin, AuditedAdmin) for model_admin in admin.site._registry.values())


def test_an_outlet_deleted_in_the_admin_is_audited_before_it_goes(client, cast):
    from shebao.core.models import AuditEntry, Outlet

    outlet = Outlet.objects.create(
        code="X-1",
        name="临时点",
        agency=cast.yuzhong,
        level="village",
        kind="shop",
        latitude=29.5,
        longitude=106.5,
    )
    c = admin_signed_in_with_second_factor(client, cast)
    assert c.post(f"/admin/core/outlet/{outlet.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Outlet.objects.filter(pk=outlet.pk).exists()
    assert AuditEntry.objects.get(action="core.outlet.deleted").object_id == str(outlet.pk)
