"""The Django admin: reference data for administrators past the second factor; the audit log read-only."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.testing import CAST_PASSWORD

pytestmark = pytest.mark.django_db


def admin_signed_in_with_second_factor(client, cast):
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()
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
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()
    client.force_login(cast.admin)
    response = client.get("/admin/core/outlet/")
    assert response.status_code == 302 and response["Location"] == reverse("core:otp_setup")


def test_the_audit_log_cannot_be_changed_or_deleted_in_the_admin(client, cast):
    from shebao.core.audit import log_action

    entry = log_action("core.test.happened")
    c = admin_signed_in_with_second_factor(client, cast)
    assert c.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert c.get("/admin/core/auditentry/add/").status_code == 403
