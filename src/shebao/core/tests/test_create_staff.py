"""The first administrator of a fresh installation comes from the command line; the password rules apply."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shebao.core.models import AuditEntry, StaffProfile
from shebao.core.permissions import can

pytestmark = pytest.mark.django_db


def create(monkeypatch, *args, password="Lanterns-at-dusk-42"):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("create_staff", *args, "--password-stdin", stdout=out)
    return out.getvalue()


def test_the_first_administrator_is_created_with_a_profile_and_may_use_the_admin(cast, monkeypatch):
    output = create(monkeypatch, "chen.admin", "--name", "陈明", "--agency", "500000", "--role", "admin")
    assert "created chen.admin" in output
    profile = StaffProfile.objects.get(user__username="chen.admin")
    assert profile.user.is_superuser and profile.user.check_password("Lanterns-at-dusk-42")
    assert can(profile.user, "core.admin.use")
    assert AuditEntry.objects.get(action="core.staff.created").data == {"roles": ["admin"]}


def test_a_teller_at_an_outlet_is_created_without_admin_rights(cast, monkeypatch):
    create(
        monkeypatch,
        "wu.teller",
        "--name",
        "吴",
        "--agency",
        "500105",
        "--outlet",
        "CQ-JB-B001",
        "--role",
        "teller",
    )
    profile = StaffProfile.objects.get(user__username="wu.teller")
    assert profile.outlet == cast.bank_point and not profile.user.is_staff
    assert not can(profile.user, "core.admin.use")


@pytest.mark.parametrize(
    ("args", "password", "says"),
    [
        (
            ["x.admin", "--name", "x", "--agency", "999999", "--role", "admin"],
            "Lanterns-at-dusk-42",
            "agency",
        ),
        (["x.admin", "--name", "x", "--agency", "500000", "--role", "admin"], "password1", "password"),
        (
            ["teller", "--name", "x", "--agency", "500000", "--role", "admin"],
            "Lanterns-at-dusk-42",
            "用户名已被使用",
        ),
        (
            ["x.t", "--name", "x", "--agency", "500105", "--outlet", "NOPE", "--role", "teller"],
            "Lanterns-at-dusk-42",
            "outlet",
        ),
    ],
)
def test_bad_input_is_refused_and_creates_nobody(cast, monkeypatch, args, password, says):
    before = StaffProfile.objects.count()
    with pytest.raises(CommandError, match=says):
        create(monkeypatch, *args, password=password)
    assert StaffProfile.objects.count() == before
    assert not AuditEntry.objects.filter(action="core.staff.created").exists()
