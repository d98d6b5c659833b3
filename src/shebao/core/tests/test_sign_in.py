"""Staff sign-in: password rules, lock-out after 5 failures, second factor, sessions that expire."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.core.models import AuditEntry
from shebao.testing import CAST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_progressive_delays(monkeypatch):
    """These tests are about the lock-out itself; the waits between tries are test_sign_in_guards'."""
    from shebao.core import signin_guard

    monkeypatch.setattr(signin_guard, "DELAYS", {})


def sign_in(client, username, password, otp_token=""):
    return client.post(
        reverse("core:login"), {"username": username, "password": password, "otp_token": otp_token}
    )


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_teller_signs_in_and_lands_on_the_workbench(client, cast):
    response = sign_in(client, "teller", CAST_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("core:staff_home")
    assert "王柜员" in client.get(reverse("core:staff_home")).content.decode()


def test_a_wrong_password_is_refused_with_a_clear_message_naming_the_limit(client, cast):
    response = client.post(
        reverse("core:login"),
        {"username": "teller", "password": "wrong-password"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert (
        "The user name, password or authenticator code is wrong. After 5 wrong attempts in a row the "
        "account is locked here for a while; your authenticator code still lets you in."
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session
    failed = AuditEntry.objects.get(action="core.staff.sign_in_failed")
    assert failed.data["username"] == "teller" and "wrong-password" not in str(failed.data)


def test_the_sign_in_page_is_in_chinese_by_default(client, cast):
    page = client.get(reverse("core:login")).content.decode()
    assert '<html lang="zh-hans"' in page and "登录" in page


def test_the_account_locks_after_five_failures_even_for_the_right_password(client, cast):
    for _ in range(5):
        sign_in(client, "teller", "wrong-password")
    response = sign_in(client, "teller", CAST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="core.staff.locked_out", data__username="teller").exists()


def test_the_lock_out_page_says_for_how_long_as_configured(client, cast, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=45)
    for _ in range(5):
        sign_in(client, "teller", "wrong-password")
    response = client.post(
        reverse("core:login"),
        {"username": "teller", "password": CAST_PASSWORD},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 429
    assert "This account is locked for 45 minutes." in response.content.decode()


def test_the_failure_limit_follows_the_setting(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "teller", "wrong-password")
    assert sign_in(client, "teller", CAST_PASSWORD).status_code == 429


def test_the_lock_out_ends_after_the_cool_off(client, cast):
    from axes.models import AccessAttempt

    for _ in range(5):
        sign_in(client, "teller", "wrong-password")
    assert sign_in(client, "teller", CAST_PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, "teller", CAST_PASSWORD).status_code == 302


def test_wrong_passwords_at_the_admin_sign_in_count_towards_the_same_lock_out(client, cast):
    for _ in range(5):
        client.post("/admin/login/", {"username": "teller", "password": "wrong-password"})
    assert sign_in(client, "teller", CAST_PASSWORD).status_code == 429


def test_four_failures_do_not_lock_the_account(client, cast):
    for _ in range(4):
        sign_in(client, "teller", "wrong-password")
    assert sign_in(client, "teller", CAST_PASSWORD).status_code == 302


def test_a_lock_out_of_one_account_does_not_lock_another(client, cast):
    for _ in range(5):
        sign_in(client, "teller", "wrong-password")
    assert sign_in(client, "reviewer", CAST_PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["short1A!", "alllowercaseletters", "1234567890123", "Password123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_password_mixing_three_kinds_of_character_is_accepted():
    validate_password("Lanterns-at-dusk-42")


def test_an_admin_without_a_second_factor_is_sent_to_set_one_up_and_sees_nothing_else(client, cast):
    assert sign_in(client, "admin", CAST_PASSWORD).status_code == 302
    response = client.get(reverse("core:staff_home"))
    assert response.status_code == 302 and response["Location"] == reverse("core:otp_setup")
    assert client.get("/admin/").status_code == 302


def test_an_admin_who_confirms_an_authenticator_code_gets_in(client, cast):
    sign_in(client, "admin", CAST_PASSWORD)
    client.get(reverse("core:otp_setup"))
    device = TOTPDevice.objects.get(user=cast.admin)
    response = client.post(reverse("core:otp_setup"), {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("core:staff_home")).status_code == 200


def test_staff_with_an_authenticator_must_give_a_code_at_sign_in(client, cast):
    device = TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)
    missing = sign_in(client, "reviewer", CAST_PASSWORD)
    assert missing.status_code == 200 and "_auth_user_id" not in client.session
    wrong = sign_in(
        client, "reviewer", CAST_PASSWORD, "000000" if current_code(device) != "000000" else "111111"
    )
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    # Right after a wrong code the device is throttled: guessing cannot be done at machine speed.
    assert sign_in(client, "reviewer", CAST_PASSWORD, current_code(device)).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # as if the back-off had passed
    assert sign_in(client, "reviewer", CAST_PASSWORD, current_code(device)).status_code == 302
    assert client.get(reverse("core:staff_home")).status_code == 200


def test_a_session_idle_past_its_age_is_signed_out(client, cast, settings):
    sign_in(client, "teller", CAST_PASSWORD)
    assert client.get(reverse("core:staff_home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("core:staff_home"))
    assert response.status_code == 302 and reverse("core:login") in response["Location"]


def test_activity_renews_the_idle_timeout(client, cast, settings):
    sign_in(client, "teller", CAST_PASSWORD)
    session = Session.objects.get()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get(reverse("core:staff_home")).status_code == 200
    renewed = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert (
        timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
        < renewed
        <= timedelta(seconds=settings.SESSION_COOKIE_AGE)
    )


def test_signing_in_and_out_is_audited(client, cast):
    sign_in(client, "teller", CAST_PASSWORD)
    client.post(reverse("core:logout"))
    actions = list(AuditEntry.objects.filter(actor_id=cast.teller.pk).values_list("action", flat=True))
    assert actions == ["core.staff.signed_in", "core.staff.signed_out"]


def test_sign_out_needs_a_post_and_ends_the_session(client, cast):
    sign_in(client, "teller", CAST_PASSWORD)
    assert client.get(reverse("core:logout")).status_code == 405
    client.post(reverse("core:logout"))
    assert client.get(reverse("core:staff_home")).status_code == 302


def test_any_member_of_staff_may_set_up_an_authenticator_and_then_needs_it(client, cast):
    sign_in(client, "teller", CAST_PASSWORD)
    client.get(reverse("core:otp_setup"))
    device = TOTPDevice.objects.get(user=cast.teller)
    assert client.post(reverse("core:otp_setup"), {"token": current_code(device)}).status_code == 302
    assert AuditEntry.objects.filter(
        action="core.staff.second_factor_enrolled", actor_id=cast.teller.pk
    ).exists()
    client.post(reverse("core:logout"))
    assert sign_in(client, "teller", CAST_PASSWORD).status_code == 200  # the code is now required
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_does_not_confirm_an_authenticator(client, cast):
    sign_in(client, "teller", CAST_PASSWORD)
    client.get(reverse("core:otp_setup"))
    device = TOTPDevice.objects.get(user=cast.teller)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post(reverse("core:otp_setup"), {"token": wrong}, headers={"accept-language": "en"})
    assert response.status_code == 200 and "wrong or has expired" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_whoever_has_only_the_password_cannot_enrol_a_second_authenticator(client, cast):
    TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)
    client.force_login(cast.reviewer)  # a session without the second factor
    response = client.get(reverse("core:otp_setup"))
    assert response.status_code == 302 and response["Location"] == reverse("core:otp_verify")
    assert TOTPDevice.objects.filter(user=cast.reviewer).count() == 1


def test_a_weak_new_password_is_refused_and_the_old_one_still_works(client, cast):
    sign_in(client, "teller", CAST_PASSWORD)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": CAST_PASSWORD, "new_password1": "password12", "new_password2": "password12"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "at least three of" in response.content.decode()
    cast.teller.refresh_from_db()
    assert cast.teller.check_password(CAST_PASSWORD)
    assert not AuditEntry.objects.filter(action="core.staff.password_changed").exists()


def test_a_strong_new_password_replaces_the_old_one_and_is_audited(client, cast):
    sign_in(client, "teller", CAST_PASSWORD)
    new = "Lanterns-at-dusk-42"
    response = client.post(
        reverse("core:password_change"),
        {"old_password": CAST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    cast.teller.refresh_from_db()
    assert cast.teller.check_password(new) and not cast.teller.check_password(CAST_PASSWORD)
    assert AuditEntry.objects.filter(action="core.staff.password_changed", actor_id=cast.teller.pk).exists()
    assert client.get(reverse("core:staff_home")).status_code == 200  # still signed in


def test_changing_the_password_needs_the_old_one(client, cast):
    sign_in(client, "teller", CAST_PASSWORD)
    new = "Lanterns-at-dusk-42"
    client.post(
        reverse("core:password_change"), {"old_password": "guess", "new_password1": new, "new_password2": new}
    )
    cast.teller.refresh_from_db()
    assert cast.teller.check_password(CAST_PASSWORD)
