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

from shebao.testing import CAST_PASSWORD

pytestmark = pytest.mark.django_db


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


def test_a_wrong_password_is_refused_with_a_clear_message_in_chinese(client, cast):
    response = sign_in(client, "teller", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_account_locks_after_five_failures_even_for_the_right_password(client, cast):
    for _ in range(5):
        sign_in(client, "teller", "wrong-password")
    response = sign_in(client, "teller", CAST_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


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


def test_sessions_are_an_idle_timeout_renewed_by_activity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE <= 30 * 60


def test_sign_out_needs_a_post_and_ends_the_session(client, cast):
    sign_in(client, "teller", CAST_PASSWORD)
    assert client.get(reverse("core:logout")).status_code == 405
    client.post(reverse("core:logout"))
    assert client.get(reverse("core:staff_home")).status_code == 302
