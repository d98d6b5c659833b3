"""Issue 12: lock-outs anyone could trigger. Wrong passwords lock an account at the address they come
from, not everywhere; spraying from one address is throttled and reported; guessing from many addresses
leaves the right person the second factor; the page never confirms a password before the code."""

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shebao.core import signin_guard
from shebao.core.models import AuditEntry
from shebao.testing import CAST_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"


def sign_in(client, username, password, address, otp_token=""):
    return client.post(
        reverse("core:login"),
        {"username": username, "password": password, "otp_token": otp_token},
        REMOTE_ADDR=address,
        headers={"accept-language": "en"},
    )


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_wrong_passwords_from_elsewhere_do_not_lock_the_member_of_staff_out_at_their_desk(client, cast):
    for _ in range(5):
        sign_in(client, "teller", "wrong-password", ATTACKER)
    assert sign_in(client, "teller", CAST_PASSWORD, ATTACKER).status_code == 429
    assert sign_in(client, "teller", CAST_PASSWORD, OFFICE).status_code == 302


def test_behind_a_proxy_the_lock_follows_the_forwarded_client_address(client, cast, settings):
    settings.NINJA_NUM_PROXIES = 1
    for _ in range(5):
        client.post(
            reverse("core:login"),
            {"username": "teller", "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )
    ok = client.post(
        reverse("core:login"),
        {"username": "teller", "password": CAST_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    assert ok.status_code == 302


def test_spraying_across_accounts_is_throttled_per_address_and_reported(client, cast, settings, monkeypatch):
    settings.ADMINS = [("Security", "security@example.org")]
    monkeypatch.setattr(signin_guard, "ADDRESS_LIMIT", 8)
    for username in ["teller", "reviewer", "approver", "admin", "manager", "nobody1", "nobody2", "nobody3"]:
        sign_in(client, username, "Spring2026!", ATTACKER)
    assert (
        AuditEntry.objects.filter(action="core.staff.sign_in_spraying", data__address=ATTACKER).count() == 1
    )
    assert len(mail.outbox) == 1 and ATTACKER in mail.outbox[0].body
    # Even the right password of an untouched account is not checked from that address for a while...
    refused = sign_in(client, "director", CAST_PASSWORD, ATTACKER)
    page = refused.content.decode()
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "Too many wrong sign-ins from this network. Please try again in 15 minutes." in page
    # ...while the same account signs in from another address.
    assert sign_in(client, "teller", CAST_PASSWORD, OFFICE).status_code == 302


def test_guessing_from_many_addresses_leaves_the_right_person_their_second_factor(client, cast, monkeypatch):
    monkeypatch.setattr(signin_guard, "ACCOUNT_LIMIT", 6)
    device = TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)
    for n in range(6):
        sign_in(client, "reviewer", "wrong-password", f"203.0.113.{n + 1}")
    without_code = sign_in(client, "reviewer", CAST_PASSWORD, OFFICE)
    assert without_code.status_code == 200 and "_auth_user_id" not in client.session
    assert "Sign in with the code from your authenticator app as well" in without_code.content.decode()
    assert sign_in(client, "reviewer", CAST_PASSWORD, OFFICE, code_of(device)).status_code == 302


def test_the_page_answers_a_right_password_without_its_code_like_a_wrong_password(client, cast):
    device = TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)
    wrong_code = "000000" if code_of(device) != "000000" else "111111"
    answers = [
        sign_in(client, "reviewer", "wrong-password", ATTACKER),
        sign_in(client, "reviewer", CAST_PASSWORD, ATTACKER),
        sign_in(client, "reviewer", CAST_PASSWORD, ATTACKER, wrong_code),
    ]
    errors = [a.context["form"].non_field_errors() for a in answers]
    assert errors[0] == errors[1] == errors[2]
    assert all(a.status_code == 200 for a in answers) and "_auth_user_id" not in client.session


def test_wrong_codes_after_the_right_password_count_towards_the_lock_out(client, cast):
    device = TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)
    for _ in range(5):
        sign_in(client, "reviewer", CAST_PASSWORD, ATTACKER)  # no code: a failure like a wrong password
    device.throttle_reset()
    assert sign_in(client, "reviewer", CAST_PASSWORD, ATTACKER, code_of(device)).status_code == 429
