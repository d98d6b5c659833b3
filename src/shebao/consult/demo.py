"""The demo's knowledge base: the written answers and the catalogue's handling answers (idempotent), and
two questions the showcase citizen (张桂芳) handed to staff, waiting on the workbench of her agency."""

from __future__ import annotations

from shebao.consult import services
from shebao.consult.models import ConsultationTicket
from shebao.people.demo_showcase import SHOWCASE_RESIDENT_ID
from shebao.people.models import Person


def seed(*, rng_seed: int, stdout) -> None:
    counts = services.knowledge_load()
    stdout.write(f"  consult: {counts['created']} answers created, {counts['refreshed']} refreshed")
    person = Person.objects.filter(documents__number=SHOWCASE_RESIDENT_ID).first()
    if person is None or ConsultationTicket.objects.filter(person=person).exists():
        return
    services.ticket_open(
        person=person,
        question="我父亲在外省退休，现在跟我住，他的养老金认证能在这边做吗？",
        offered=["pension.move_city", "certify.how"],
        idempotency_key="demo-1",
    )
    services.ticket_open(
        person=person,
        question="灵活就业断缴两年后还能补缴吗？",
        offered=["flexible.arrears"],
        idempotency_key="demo-2",
    )
