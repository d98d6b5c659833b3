"""Administrators keep agreements, opening hours and the population layer in the admin; an agreement's
status there is read-only (it changes only through the services, with a reason and an audit entry)."""

import pytest

from shebao.core.tests.test_admin import admin_signed_in_with_second_factor

from .helpers import small_network

pytestmark = pytest.mark.django_db


def test_the_admin_lists_agreements_hours_and_settlements_and_shows_the_status_read_only(client, cast):
    _, agreement = small_network(cast)
    c = admin_signed_in_with_second_factor(client, cast)
    for path in ("/admin/network/agreement/", "/admin/network/openinghours/", "/admin/network/settlement/"):
        assert c.get(path).status_code == 200
    form = c.get(f"/admin/network/agreement/{agreement.pk}/change/").content.decode()
    assert "XY-TEST-1" in form and 'name="partner"' in form
    assert 'name="status"' not in form  # no input for the status


def test_the_outsider_cannot_open_the_network_admin(client, cast):
    client.force_login(cast.outsider)
    assert client.get("/admin/network/agreement/").status_code == 302
