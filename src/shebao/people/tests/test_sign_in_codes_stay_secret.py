"""A citizen's sign-in code can be read by no one but the citizen: the administrator's view of the text
outbox never shows it, and its text is erased once sent (or once it could no longer be used when held)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shebao.core import messaging
from shebao.core.models import TextMessage
from shebao.core.tests.test_admin import admin_signed_in_with_second_factor
from shebao.core.tests.test_text_messages import platform  # noqa: F401  (the local SMS gateway)
from shebao.people.tests.citizen_helpers import last_code

pytestmark = pytest.mark.django_db

NUMBER, PHONE = "500103195303071224", "13812345678"  # the cast's person


def test_the_administrator_never_sees_a_sign_in_code(client, cast):
    Client().post("/my/sign-in/", {"number": NUMBER})
    code = last_code(PHONE)  # held (no gateway): the demo's outbox may show it while it is valid
    message = TextMessage.objects.get(purpose="people.sign_in_code")
    admin = admin_signed_in_with_second_factor(client, cast)
    page = admin.get(f"/admin/core/textmessage/{message.pk}/change/").content.decode()
    assert code not in page
    assert "一次性验证码" in page  # says why the text is not shown
    listing = admin.get("/admin/core/textmessage/").content.decode()
    assert code not in listing


def test_a_sent_code_is_erased_and_the_phone_got_it(platform, cast, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/my/sign-in/", {"number": NUMBER})
    [request] = platform.requests
    assert any(ch.isdigit() for ch in request["body"]["text"])  # the citizen's phone has the code
    message = TextMessage.objects.get(purpose="people.sign_in_code")
    assert message.state == "sent" and message.body == ""


def test_a_held_code_is_erased_once_it_could_no_longer_be_used(cast):
    Client().post("/my/sign-in/", {"number": NUMBER})
    message = TextMessage.objects.get(purpose="people.sign_in_code")
    messaging.deliver_due(now=timezone.now())
    message.refresh_from_db()
    assert message.body  # still usable: kept for the demo's outbox
    messaging.deliver_due(now=timezone.now() + messaging.SECRET_KEPT + timedelta(seconds=1))
    message.refresh_from_db()
    assert message.body == ""
    other = messaging.text_message_send(phone=PHONE, body="案件已受理", purpose="cases.accepted")
    messaging.deliver_due(now=timezone.now() + timedelta(days=1))
    other.refresh_from_db()
    assert other.body.endswith("案件已受理")  # ordinary texts are kept: they are the record of the notice
