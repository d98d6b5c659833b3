"""Issue 15: a staff request takes the signed-in user with their staff profile, agency and outlet, the posts
they act in and whether they enrolled a second factor from what its process kept while the users, staff and
devices stamps are unchanged (core.stamps). Every change is seen at the next request, however made: a post
taken away by a plain UPDATE or given back by raw SQL, a holder marked away and back, a device enrolled, a
profile or an account disabled, a password changed behind the application's back, an outlet suspended."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.cases.models import Case
from shebao.cases.tests.helpers import make_applicants

# The same intake and warm-up as the catalogue's test: two intakes, the first publishing the item's flow.
from shebao.cases.tests.test_intake_keeps_the_catalogue_while_unchanged import intake, warmed
from shebao.core.models import Outlet, OutletStatus, Role, StaffProfile, StaffRole, StandIn
from shebao.network.models import Agreement, AgreementStaff
from shebao.testing import make_staff, signed_in

STAFF_TABLES = (
    '"auth_user"',
    '"core_staffprofile"',
    '"core_staffrole"',
    '"core_standin"',
    '"otp_totp_totpdevice"',
)


def test_a_request_after_the_first_reads_no_user_profile_posts_or_devices(client, world):
    person = warmed(client, world, 1)[0]
    response, statements = intake(client, person, "kept")
    assert response.status_code == 201
    assert [sql for sql in statements if any(t in sql for t in STAFF_TABLES)] == []
    assert response.json()["cases"][0]["outlet"] == world.cast.bank_point.code  # the kept outlet answers


def test_a_post_taken_away_by_a_plain_update_refuses_the_next_request(client, world):
    person = warmed(client, world, 1)[0]
    StaffRole.objects.filter(profile=world.cast.teller.staff, role="teller").update(role="guide")
    response, _ = intake(client, person, "no-longer-a-teller")
    assert response.status_code == 403
    assert not Case.objects.filter(person=person).exists()


def test_a_post_given_back_by_raw_sql_is_used_at_the_next_request(client, world):
    person = warmed(client, world, 1)[0]
    StaffRole.objects.filter(profile=world.cast.teller.staff).delete()
    assert intake(client, person, "without")[0].status_code == 403
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_staffrole (profile_id, role) VALUES (%s, %s)",
            [world.cast.teller.staff.pk, "teller"],
        )
    assert intake(client, person, "with")[0].status_code == 201


def test_a_stand_in_acts_in_the_post_from_the_request_after_the_holder_is_marked_away(client, world):
    """B角: a guide at the same point, named in its agreement, takes the teller's post only while the
    teller is marked away; marked away by a plain UPDATE, the guide accepts at the next request."""
    person = make_applicants(world.cast.yuzhong, 1)[0]
    guide = make_staff("guide2", "李引导", world.cast.jiangbei, [Role.GUIDE], outlet=world.cast.bank_point)
    agreement = Agreement.objects.get(outlet=world.cast.bank_point)
    AgreementStaff.objects.create(agreement=agreement, staff=guide.staff, step="accept")
    stand = StandIn.objects.create(holder=world.cast.teller.staff, stand_in=guide.staff, role="teller")
    signed_in(client, guide)
    assert intake(client, person, "holder-here")[0].status_code == 403
    StandIn.objects.filter(pk=stand.pk).update(away_since=timezone.now())
    assert intake(client, person, "holder-away")[0].status_code == 201
    StandIn.objects.filter(pk=stand.pk).update(away_since=None)
    assert intake(client, make_applicants(world.cast.yuzhong, 1)[0], "holder-back")[0].status_code == 403


def test_a_device_enrolled_after_a_request_asks_for_the_second_factor_at_the_next(client, world):
    person = warmed(client, world, 1)[0]
    TOTPDevice.objects.create(user=world.cast.teller, name="authenticator", confirmed=True)
    response, _ = intake(client, person, "now-enrolled")
    assert response.status_code in (302, 401, 403)
    assert not Case.objects.filter(person=person).exists()


def test_a_profile_disabled_refuses_the_next_request(client, world):
    person = warmed(client, world, 1)[0]
    StaffProfile.objects.filter(pk=world.cast.teller.staff.pk).update(active=False)
    response, _ = intake(client, person, "disabled")
    assert response.status_code == 403
    assert not Case.objects.filter(person=person).exists()


def test_an_account_disabled_by_a_plain_update_is_signed_out_at_the_next_request(client, world):
    person = warmed(client, world, 1)[0]
    User.objects.filter(pk=world.cast.teller.pk).update(is_active=False)
    response, _ = intake(client, person, "account-disabled")
    assert response.status_code == 401
    assert not Case.objects.filter(person=person).exists()


def test_a_password_changed_behind_the_application_signs_the_session_out(client, world):
    """The session carries a hash of the password it was opened with: a password set by raw SQL (a reset
    by the directory, say) ends it at the next request, not when the process happens to read the user."""
    person = warmed(client, world, 1)[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE auth_user SET password = %s WHERE id = %s",
            [make_password("a-new-password-set-elsewhere"), world.cast.teller.pk],
        )
    response, _ = intake(client, person, "password-changed")
    assert response.status_code == 401
    assert not Case.objects.filter(person=person).exists()


def test_an_outlet_suspended_by_a_plain_update_accepts_nothing_at_the_next_request(client, world):
    person = warmed(client, world, 1)[0]
    Outlet.objects.filter(pk=world.cast.bank_point.pk).update(status=OutletStatus.SUSPENDED)
    response, _ = intake(client, person, "outlet-suspended")
    assert response.status_code == 403 and response.json()["error"]["code"] == "outlet_not_authorised"
    assert not Case.objects.filter(person=person).exists()
