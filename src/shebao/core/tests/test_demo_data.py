"""The demo municipality's reference data: real Chongqing agencies, demo outlets, a sign-in for every role."""

import base64
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.core import demo
from shebao.core.models import (
    Agency,
    AgencyLevel,
    AuditEntry,
    Outlet,
    OutletKind,
    Role,
    StaffProfile,
    StaffRole,
)

pytestmark = pytest.mark.django_db


def seed_core(rng_seed: int = 7) -> str:
    out = StringIO()
    demo.seed(rng_seed=rng_seed, stdout=out)
    return out.getvalue()


def table_counts() -> dict[str, int]:
    models = (Agency, Outlet, StaffProfile, StaffRole, TOTPDevice, AuditEntry, get_user_model())
    return {model.__name__: model.objects.count() for model in models}


def test_the_municipality_has_one_agency_per_real_district_and_no_invented_towns():
    seed_core()
    root = Agency.objects.get(code="500000")
    assert root.level == AgencyLevel.PROVINCE and root.name == "重庆市社会保险事务中心"
    districts = Agency.objects.filter(level=AgencyLevel.DISTRICT)
    assert districts.count() == 38
    assert not Agency.objects.filter(level=AgencyLevel.TOWN).exists()
    assert all(a.parent_id == root.pk and a.path == f"500000/{a.code}/" for a in districts)
    yuzhong = Agency.objects.get(code="500103")
    assert yuzhong.name == "渝中区社会保险事务中心"
    assert (round(yuzhong.latitude, 2), round(yuzhong.longitude, 2)) == (29.55, 106.57)
    # Pseudo rows of the address table are not districts; renamed counties carry today's code.
    assert not Agency.objects.filter(code__in=["500100", "500200", "500228"]).exists()
    assert Agency.objects.get(code="500155").name == "梁平区社会保险事务中心"


def test_each_district_has_a_hall_and_the_tellers_points_are_cooperation_points_near_their_district():
    seed_core()
    for agency in Agency.objects.filter(level=AgencyLevel.DISTRICT):
        hall = Outlet.objects.get(code=demo.hall_code(agency.code))
        assert hall.agency == agency and hall.kind == OutletKind.AGENCY_HALL
    assert Outlet.objects.get(code=demo.MUNICIPAL_HALL_CODE).level == "city"
    bank = Outlet.objects.get(code=demo.BANK_POINT.code)
    assert bank.kind == OutletKind.BANK and bank.agency.code == "500105" and bank.level == "cooperation"
    assert (
        abs(bank.latitude - bank.agency.latitude) < 0.02
        and abs(bank.longitude - bank.agency.longitude) < 0.02
    )
    assert Outlet.objects.get(code=demo.SHOP_POINT.code).tier == "basic"
    assert Outlet.objects.get(code=demo.POST_POINT.code).kind == OutletKind.POSTAL
    assert all(code.startswith("DEMO-") for code in Outlet.objects.values_list("code", flat=True))


def test_seeding_twice_adds_nothing_and_writes_one_audit_entry():
    assert "39 agencies, 42 outlets, 12 staff" in seed_core()
    first = table_counts()
    assert "0 agencies, 0 outlets, 0 staff" in seed_core()
    assert table_counts() == first
    assert AuditEntry.objects.filter(action="core.demo.seeded").count() == 1


def test_every_role_has_a_demo_account_and_demo_accounts_lists_them_in_order():
    seed_core()
    accounts = demo.demo_accounts()
    assert [a[0] for a in accounts] == list(demo.DEMO_USERNAMES)
    roles = set(
        StaffRole.objects.filter(profile__user__username__in=demo.DEMO_USERNAMES).values_list(
            "role", flat=True
        )
    )
    assert roles == set(Role.values)
    by_name = {username: (label, place) for username, label, place, _note in accounts}
    assert by_name["teller.bank"] == ("teller", "重庆农商行观音桥支行社银服务点")
    assert by_name["reviewer2.yuzhong"] == ("reviewer", "渝中区社会保险事务中心")
    assert by_name["outsider.wanzhou"] == ("reviewer", "万州区社会保险事务中心")
    teller = StaffProfile.objects.get(user__username="teller.bank")
    assert teller.agency.code == "500105" and teller.outlet.code == demo.BANK_POINT.code


def test_demo_accounts_lists_only_accounts_that_exist():
    assert demo.demo_accounts() == []
    seed_core()
    get_user_model().objects.get(username="auditor").delete()
    assert "auditor" not in [a[0] for a in demo.demo_accounts()]


def test_the_demo_password_passes_the_validators_and_signs_every_account_in():
    seed_core()
    for username in demo.DEMO_USERNAMES:
        user = get_user_model().objects.get(username=username)
        validate_password(demo.DEMO_PASSWORD, user=user)  # raises ValidationError if too weak
        assert user.check_password(demo.DEMO_PASSWORD)
    assert not get_user_model().objects.get(username="admin").check_password("wrong-Passw0rd")


def test_the_admin_has_a_confirmed_authenticator_whose_key_comes_from_the_seed_and_is_shown():
    seed_core(rng_seed=7)
    device = TOTPDevice.objects.get(user__username="admin")
    assert device.confirmed
    assert device.bin_key == demo.totp_key(7, "admin") != demo.totp_key(8, "admin")
    note = dict((a[0], a[3]) for a in demo.demo_accounts())["admin"]
    assert base64.b32encode(device.bin_key).decode() in note
    assert TOTPDevice.objects.count() == 1  # only roles that require a second factor


def test_demo_totp_prints_a_code_the_admins_device_accepts():
    seed_core()
    out = StringIO()
    call_command("demo_totp", "admin", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert TOTPDevice.objects.get(user__username="admin").verify_token(code)


def test_demo_totp_refuses_an_account_that_the_demo_did_not_create():
    seed_core()
    user = get_user_model().objects.create_user(username="real.admin", password=demo.DEMO_PASSWORD)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_totp", "real.admin", stdout=StringIO())
    with pytest.raises(CommandError, match="no second-factor device"):
        call_command("demo_totp", "teller.bank", stdout=StringIO())


def test_demo_signins_mentions_every_demo_username_and_the_password():
    seed_core()
    out = StringIO()
    call_command("demo_signins", stdout=out)
    text = out.getvalue()
    assert demo.DEMO_PASSWORD in text
    for username in demo.DEMO_USERNAMES:
        assert f"  {username} " in text
