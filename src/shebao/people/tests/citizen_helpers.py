"""Helpers for citizen tests: relatives with phones, and the code as the outbox holds it."""

from __future__ import annotations

import re

from shebao.core.models import TextMessage
from shebao.people.models import IdentityDocument, Person


def person_with_phone(name: str, number: str, phone: str, doc_type: str = "resident_id") -> Person:
    person = Person.objects.create(name=name, sex="M", phone=phone)
    IdentityDocument.objects.create(person=person, doc_type=doc_type, number=number)
    return person


def last_code(phone: str) -> str:
    """The 6-digit code of the newest text to `phone`, read the way the demo reads /dev/outbox/."""
    message = TextMessage.objects.filter(phone=phone).order_by("-id").first()
    assert message is not None, f"no text message to {phone}"
    found = re.search(r"(?<!\d)(\d{6})(?!\d)", message.body)
    assert found, message.body
    return found.group(1)


def sign_in(client, number: str, phone: str):
    """Through the real pages: number, then the texted code."""
    client.post("/my/sign-in/", {"number": number})
    return client.post("/my/sign-in/code/", {"code": last_code(phone)})
