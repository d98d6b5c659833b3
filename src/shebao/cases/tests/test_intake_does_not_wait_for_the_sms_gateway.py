"""Issue 15: an intake at the window answers without waiting for the SMS gateway. The applicant's text is
written with the case and sent by the process's sending thread once the intake commits
(core.messaging.background): with the text sent by the request itself, a gateway answering in 100 ms held
every intake for those 100 ms (39 intakes/s over HTTP instead of about 100)."""

import json
import threading
import time

import pytest

from shebao.cases.tests.helpers import make_applicants
from shebao.core import messaging
from shebao.core.models import TextMessage, TextMessageState
from shebao.core.tests.test_text_messages import FakeSmsPlatform
from shebao.people.models import Person
from shebao.testing import signed_in

BODY = {"item_code": "T-UNE", "received": ["resident_id_card", "unemployment_registration"]}


@pytest.fixture
def slow_gateway(settings):
    """A gateway that answers only when released, and texts sent as deployed: by the sending thread."""
    release = threading.Event()
    server = FakeSmsPlatform(answer_when=release)
    settings.SHEBAO = {
        **settings.SHEBAO,
        "SMS_GATEWAY_URL": server.url,
        "SMS_GATEWAY_TOKEN": "t0ken",
        "TEXTS_SENT_IN_BACKGROUND": True,
    }
    yield server, release
    release.set()
    messaging.background.stop()  # sends what is left and closes the thread's database connection
    server.close()


def state_of(text: TextMessage, wanted: str, seconds: float = 15) -> str:
    """The text's state once it is `wanted`, or as it is after `seconds` (the thread works on its own)."""
    deadline = time.monotonic() + seconds
    while (state := TextMessage.objects.get(pk=text.pk).state) != wanted and time.monotonic() < deadline:
        time.sleep(0.05)
    return state


@pytest.mark.django_db(transaction=True)
def test_the_intake_answers_before_the_gateway_and_its_text_is_sent_after(client, world, slow_gateway):
    server, release = slow_gateway
    person = make_applicants(world.cast.yuzhong, 1)[0]
    Person.objects.filter(pk=person.pk).update(phone="13812345678")
    signed_in(client, world.cast.teller)
    response = client.post(
        "/api/v1/cases",
        json.dumps({**BODY, "person_id": person.pk}),
        content_type="application/json",
        headers={"Idempotency-Key": "slow-gateway"},
    )
    assert response.status_code == 201
    text = TextMessage.objects.get(phone="13812345678")
    assert text.state == TextMessageState.QUEUED and text.attempts <= 1  # not given up on, not sent yet
    release.set()  # the gateway answers now: the thread records it
    assert state_of(text, TextMessageState.SENT) == TextMessageState.SENT
    [request] = server.requests
    assert request["body"]["to"] == "13812345678"
    assert response.json()["cases"][0]["number"] in request["body"]["text"]
