from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shebao.core.models import AuditEntry, TextMessage
from shebao.people import citizens
from shebao.people.citizen_models import OneTimeCode
from shebao.people.tests.citizen_helpers import last_code, person_with_phone, sign_in

NUMBER, PHONE = "500103195303071224", "13812345678"  # the cast's person


def request_code(client, number=NUMBER, **extra):
    return client.post("/my/sign-in/", {"number": number}, **extra)


def test_a_citizen_signs_in_with_a_document_number_and_the_texted_code(client, cast):
    assert client.get("/my/").status_code == 302
    response = request_code(client)
    assert response.status_code == 302 and response.url.startswith("/my/sign-in/code/")
    code = last_code(PHONE)
    signed = client.post("/my/sign-in/code/", {"code": code})
    assert signed.status_code == 302 and signed.url == "/my/"
    page = client.get("/my/")
    assert page.status_code == 200 and "李**" in page.content.decode()
    assert AuditEntry.objects.filter(action="people.citizen.signed_in").count() == 1


def test_the_code_is_stored_only_as_a_keyed_hash(client, cast):
    request_code(client)
    row = OneTimeCode.objects.get()
    code = last_code(PHONE)
    assert code not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - row.created_at == timedelta(minutes=5)


def test_any_document_type_signs_in(client, cast):
    person_with_phone("陈大文", "H12345678", "+85261234567", doc_type="hk_macau_permit")
    sign_in(client, "h 1234 5678", "+85261234567")
    assert "陈**" in client.get("/my/").content.decode()


def test_an_unknown_number_gets_the_same_answer_and_no_text(client, cast):
    import re

    def page(response):
        body = client.get(response.url).content.decode()
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
        return re.sub(r'"X-CSRFToken": "[^"]+"', "", body)

    known = request_code(client)
    known_page = page(known)
    other = request_code(client, number="110105194912310021")
    assert other.status_code == known.status_code == 302 and other.url == known.url
    assert page(other) == known_page
    assert TextMessage.objects.count() == 1  # only the known number's phone got a text
    refused = client.post("/my/sign-in/code/", {"code": "123456"})
    assert refused.status_code == 422 and client.get("/my/").status_code == 302


def test_a_code_works_once_and_not_after_five_minutes(client, cast):
    request_code(client)
    code = last_code(PHONE)
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post("/my/sign-in/code/", {"code": code}).status_code == 422
    request_code(client)
    code = last_code(PHONE)
    assert client.post("/my/sign-in/code/", {"code": code}).status_code == 302
    used = OneTimeCode.objects.order_by("-id").first()
    with pytest.raises(citizens.ApplicationError):
        citizens.code_verify(code_id=used.pk, code=code, purpose="sign_in")


def test_five_wrong_codes_spend_the_code_and_a_fresh_one_lets_the_citizen_in(client, cast):
    request_code(client)
    code = last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    statuses = [client.post("/my/sign-in/code/", {"code": wrong}).status_code for _ in range(5)]
    assert statuses == [422] * 5
    assert client.post("/my/sign-in/code/", {"code": code}).status_code == 422  # that code is spent
    assert client.get("/my/").status_code == 302
    request_code(client)  # a fresh one: the way on, not a 30-minute lock
    assert client.post("/my/sign-in/code/", {"code": last_code(PHONE)}).status_code == 302
    assert AuditEntry.objects.filter(action="people.citizen.sign_in_code_refused").count() == 6


def test_a_stranger_typing_wrong_codes_elsewhere_cannot_lock_the_citizen_out(client, cast):
    """Fifteen wrong codes from one address lock the number there only; from the citizen's phone it works."""
    stranger = {"REMOTE_ADDR": "203.0.113.66"}
    refused = []
    for _ in range(3):
        request_code(client, **stranger)
        wrong = "000000" if last_code(PHONE) != "000000" else "111111"
        refused += [
            client.post("/my/sign-in/code/", {"code": wrong}, **stranger).status_code for _ in range(5)
        ]
    assert refused == [422] * 14 + [429]
    assert request_code(client, **stranger).status_code == 429  # that address stays locked for the number
    citizen = Client()
    assert request_code(citizen).status_code == 302
    assert citizen.post("/my/sign-in/code/", {"code": last_code(PHONE)}).status_code == 302


def test_codes_are_rate_limited_per_number_and_per_client(client, cast, monkeypatch):
    assert [request_code(client).status_code for _ in range(4)] == [302, 302, 302, 429]
    assert TextMessage.objects.count() == 3
    monkeypatch.setattr(citizens, "PER_CLIENT", (2, timedelta(minutes=10)))
    other_client = {"REMOTE_ADDR": "10.0.0.9"}
    statuses = [request_code(client, number=f"E{n:08d}", **other_client).status_code for n in range(3)]
    assert statuses == [302, 302, 429]


def test_an_unknown_number_is_rate_limited_like_a_known_one(client, cast):
    statuses = [request_code(client, number="110105194912310021").status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_a_citizen_session_is_not_a_staff_session(client, cast):
    sign_in(client, NUMBER, PHONE)
    assert client.get("/staff/").status_code == 302
    assert client.get("/cases/queue/").status_code == 302
    client.force_login(cast.teller)
    assert client.get("/my/").status_code == 302  # a staff sign-in in this browser is not the citizen


def test_signing_in_as_a_citizen_ends_a_staff_sign_in(client, cast):
    client.force_login(cast.teller)
    sign_in(client, NUMBER, PHONE)
    assert client.get("/my/").status_code == 200
    assert client.get("/staff/").status_code == 302


def test_a_citizen_session_ends_after_the_idle_limit(client, cast, monkeypatch):
    import time

    from shebao.people import portal

    sign_in(client, NUMBER, PHONE)
    assert client.get("/my/").status_code == 200
    later = time.time() + portal.IDLE_SECONDS + 5
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/my/").status_code == 302


def test_signing_out_ends_the_citizen_session(client, cast):
    sign_in(client, NUMBER, PHONE)
    client.post("/my/sign-out/")
    assert client.get("/my/").status_code == 302


def test_a_person_whose_phone_no_text_can_reach_gets_the_same_answer(client, cast):
    person_with_phone("赵无机", "E00000042", "12-34", doc_type="passport")
    response = request_code(client, number="E00000042")
    assert response.status_code == 302 and TextMessage.objects.count() == 0
