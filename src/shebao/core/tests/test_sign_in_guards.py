"""Sign-in guards nobody can turn against the right person: locks per account and address, passed by the
account's authenticator code; waits that grow; spraying from one address blocked and alerted; an account
attacked from many addresses needs its second factor; a right password is never confirmed before it."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.core import signin_guard
from shebao.core.models import AuditEntry, RateCounter
from shebao.core.tests.test_sign_in import current_code
from shebao.testing import CAST_PASSWORD

pytestmark = pytest.mark.django_db

DESK, ELSEWHERE = "10.1.1.10", "203.0.113.200"


def sign_in(client, username, password, address, otp_token=""):
    data = {"username": username, "password": password, "otp_token": otp_token}
    return client.post(reverse("core:login"), data, REMOTE_ADDR=address, headers={"accept-language": "en"})


def let_waits_pass():
    RateCounter.objects.filter(key__startswith="signin:delay:").update(window_ends_at=timezone.now())


def five_wrong(client, username, address):
    for _ in range(5):
        sign_in(client, username, "wrong-password", address)
        let_waits_pass()


def test_wrong_passwords_typed_elsewhere_do_not_lock_the_teller_at_their_desk(client, cast):
    five_wrong(client, "teller", ELSEWHERE)
    assert sign_in(client, "teller", CAST_PASSWORD, ELSEWHERE).status_code == 429  # that place is locked
    assert sign_in(client, "teller", CAST_PASSWORD, DESK).status_code == 302  # the teller is not


def test_a_locked_account_is_passed_with_its_authenticator_code(client, cast):
    device = TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)
    five_wrong(client, "reviewer", DESK)
    assert sign_in(client, "reviewer", CAST_PASSWORD, DESK).status_code == 429
    assert sign_in(client, "reviewer", CAST_PASSWORD, DESK, current_code(device)).status_code == 302


def test_waits_grow_after_the_third_wrong_password_and_say_how_long(client, cast):
    for _ in range(3):
        assert sign_in(client, "teller", "wrong-password", DESK).status_code == 200
    waiting = sign_in(client, "teller", CAST_PASSWORD, DESK)
    assert waiting.status_code == 200 and "_auth_user_id" not in client.session
    assert "Please wait 15 seconds before you try again." in waiting.content.decode()
    let_waits_pass()
    assert sign_in(client, "teller", CAST_PASSWORD, DESK).status_code == 302


def test_spraying_from_one_address_is_blocked_there_and_administrators_are_alerted(client, cast, settings):
    settings.ADMINS = [("Security", "security@agency.example")]
    for n in range(signin_guard.SPRAYING_FAILURES):
        sign_in(client, f"user{n}", "Spring2026!", ELSEWHERE)
    blocked = sign_in(client, "teller", CAST_PASSWORD, ELSEWHERE)
    assert blocked.status_code == 200 and "_auth_user_id" not in client.session
    assert (
        "Too many wrong sign-ins from this network. Please try again in 30 minutes"
        in blocked.content.decode()
    )
    assert AuditEntry.objects.filter(action="core.staff.sign_in_spraying").count() == 1
    assert len(mail.outbox) == 1 and ELSEWHERE in mail.outbox[0].body
    assert sign_in(client, "teller", CAST_PASSWORD, DESK).status_code == 302  # other addresses sign in


def test_a_right_password_is_not_confirmed_before_the_second_factor(client, cast):
    TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)
    right = sign_in(client, "reviewer", CAST_PASSWORD, DESK).content.decode()
    let_waits_pass()
    wrong = sign_in(client, "reviewer", "wrong-password", DESK).content.decode()
    message = "The user name, password or authenticator code is wrong."
    assert message in right and message in wrong
    assert "6-digit code from your authenticator" not in right


def test_an_account_attacked_from_many_addresses_needs_its_second_factor(client, cast):
    device = TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)
    for n in range(signin_guard.ATTACKED_ACCOUNT_FAILURES):
        sign_in(client, "reviewer", "wrong-password", f"198.51.100.{n}")
    assert sign_in(client, "reviewer", CAST_PASSWORD, DESK).status_code == 200  # the password alone: no
    assert sign_in(client, "reviewer", CAST_PASSWORD, DESK, current_code(device)).status_code == 302
