"""Every change to the knowledge base and the consultation tickets (DESIGN.md: services write, one
transaction each, permission checks inside, one audit entry each)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.cases.routing import home_agency_of, top_agency
from shebao.catalog.models import ItemVersion, Material
from shebao.consult import knowledge, selectors
from shebao.consult.models import (
    ConsultationTicket,
    KnowledgePair,
    KnowledgeVersion,
    Origin,
    TicketState,
    Topic,
    UnansweredQuestion,
)
from shebao.consult.selectors import Answer
from shebao.core import events
from shebao.core.audit import log_action
from shebao.core.errors import Conflict, ValidationFailed
from shebao.core.permissions import require
from shebao.core.textsearch import normalise
from shebao.core.workdays import add_working_days_provisional
from shebao.people.models import Person

ANSWER_WITHIN_WORKING_DAYS = 3
QUESTION_MAX, ANSWER_MAX = 500, 2000
CATALOGUE_SAVER = "catalogue"  # saved_by of a generated pair nobody has edited: the next load refreshes it
CONTENT_FIELDS = ("topic", "question", "alternatives", "answer", "sources", "active")


def _content(pair: KnowledgePair) -> dict:
    return {name: getattr(pair, name) for name in CONTENT_FIELDS}


def pair_save(*, pair: KnowledgePair, actor=None, saved_by: str = "") -> KnowledgePair:
    """Save a new or edited pair as its next version (the admin and the loaders save through here)."""
    if not pair.question.strip() or not pair.answer.strip():
        raise ValidationFailed(fields={"answer": _("A question and an answer are both needed.")})
    pair.alternatives = [a.strip() for a in pair.alternatives if str(a).strip()]
    with transaction.atomic():
        if pair.pk is not None:
            pair.version = KnowledgePair.objects.select_for_update().get(pk=pair.pk).version + 1
        pair.save()
        who = saved_by or (actor.get_username() if actor is not None else "")
        KnowledgeVersion.objects.create(pair=pair, version=pair.version, content=_content(pair), saved_by=who)
        if actor is not None:
            log_action("consult.knowledge.saved", actor=actor, obj=pair, data={"version": pair.version})
    return pair


def _item_facts() -> list[knowledge.ItemFacts]:
    """The guides in force today, as the handling answers need them."""
    facts = []
    today = timezone.localdate()
    in_force = (
        ItemVersion.objects.in_force_on(today)
        .filter(item__active=True)
        .select_related("item")
        .prefetch_related(Prefetch("materials", queryset=Material.objects.order_by("position")))
        .order_by("item__code", "-effective_from")
    )  # the versions of all items at once: the hourly job paid two queries an item
    seen = set()
    for version in in_force:
        item = version.item
        if item.pk in seen:
            continue  # as ServiceItem.version_on: the latest start wins
        seen.add(item.pk)
        materials = tuple((m.name, m.form, m.requirement, m.defer_days) for m in version.materials.all())
        facts.append(
            knowledge.ItemFacts(
                item.code, item.name, item.keywords, tuple(item.channels), item.instant,
                version.time_limit_days, materials,
            )
        )  # fmt: skip
    return facts


def knowledge_load() -> dict[str, int]:
    """Load the written answers not in the base yet (by key: staff edits stay) and the catalogue's
    handling answers, refreshing those nobody edited when their guide changed. Idempotent."""
    written = knowledge.base_pairs()
    handled = knowledge.handled_items(written)
    generated = [p for f in _item_facts() for p in knowledge.item_pairs(f, handled=f.code in handled)]
    existing = {p.key: p for p in KnowledgePair.objects.all()}
    edited = set(
        KnowledgeVersion.objects.exclude(saved_by=CATALOGUE_SAVER)
        .filter(pair__origin=Origin.CATALOGUE)
        .values_list("pair__key", flat=True)
    )
    counts = {"created": 0, "refreshed": 0}
    for origin, pairs in ((Origin.WRITTEN, written), (Origin.CATALOGUE, generated)):
        for spec in pairs:
            pair = existing.get(spec.key)
            if pair is None:
                pair = KnowledgePair(key=spec.key, origin=origin)
                counts["created"] += 1
            elif origin == Origin.WRITTEN or spec.key in edited or _same(pair, spec):
                continue
            else:
                counts["refreshed"] += 1
            _fill(pair, spec)
            pair_save(pair=pair, saved_by=CATALOGUE_SAVER if origin == Origin.CATALOGUE else "seed")
    return counts


def _fill(pair: KnowledgePair, spec: knowledge.Pair) -> None:
    pair.topic = spec.topic if spec.topic in Topic.values else Topic.GENERAL
    pair.question, pair.answer = spec.question, spec.answer
    pair.alternatives, pair.sources = list(spec.alternatives), list(spec.sources)


def _same(pair: KnowledgePair, spec: knowledge.Pair) -> bool:
    return (pair.question, pair.answer, pair.alternatives, pair.sources) == (
        spec.question, spec.answer, list(spec.alternatives), list(spec.sources),
    )  # fmt: skip


def question_check(question: str) -> str:
    question = " ".join((question or "").split())
    if not question:
        raise ValidationFailed(fields={"q": _("Please type your question.")})
    if len(question) > QUESTION_MAX:
        raise ValidationFailed(
            fields={"q": _("Please keep the question under %(n)d characters.") % {"n": QUESTION_MAX}}
        )
    return question


def question_ask(*, question: str, limit: int = 3, lat=None, lng=None) -> tuple[str, list[Answer], bool]:
    """A question checked and answered (the chat page's and the API's), counted for staff when no answer
    is sure: (the question as asked, the answers best first, whether the best one is sure)."""
    question = question_check(question)
    answers = selectors.ask(question, limit=limit, lat=lat, lng=lng)
    confident = bool(answers) and answers[0].confident
    if not confident:
        unanswered_count(question=question)
    return question, answers, confident


def unanswered_count(*, question: str) -> None:
    """Count a question the base could not answer surely (staff read the most asked first)."""
    text = normalise(question)[:200]
    if not text:
        return
    now = timezone.now()
    updated = UnansweredQuestion.objects.filter(text=text).update(
        count=F("count") + 1, last_asked=now, example=question[:200]
    )
    if not updated:
        try:
            with transaction.atomic():
                UnansweredQuestion.objects.create(text=text, example=question[:200], last_asked=now)
        except IntegrityError:  # asked at the same moment elsewhere: count it there
            UnansweredQuestion.objects.filter(text=text).update(count=F("count") + 1, last_asked=now)


def ticket_open(
    *, person: Person, question: str, offered: list[str], idempotency_key: str
) -> ConsultationTicket:
    """Hand a question to a person. A retried submission (same key) returns the first ticket."""
    question = question_check(question)
    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationFailed(fields={"idempotency_key": _("The form has expired. Please send it again.")})
    earlier = ConsultationTicket.objects.filter(person=person, idempotency_key=idempotency_key).first()
    if earlier is not None:
        return earlier
    due_on, _provisional = add_working_days_provisional(timezone.localdate(), ANSWER_WITHIN_WORKING_DAYS)
    try:
        with transaction.atomic():
            ticket = ConsultationTicket.objects.create(
                person=person,
                agency=home_agency_of(person, top_agency()),
                question=question,
                offered=offered[:3],
                due_on=due_on,
                idempotency_key=idempotency_key,
            )
            log_action("consult.ticket.opened", obj=ticket, data={"agency": ticket.agency.code})
    except IntegrityError:  # the same submission twice at once: the other one made it
        return ConsultationTicket.objects.get(person=person, idempotency_key=idempotency_key)
    return ticket


def ticket_answer(*, ticket_id: int, actor, answer: str) -> ConsultationTicket:
    """A member of staff of the ticket's agency (or above it) answers; the asker is told (the notices'
    consultation_answered scenario: the portal's inbox and a text)."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationFailed(fields={"answer": _("Please write the answer.")})
    if len(answer) > ANSWER_MAX:
        raise ValidationFailed(
            fields={"answer": _("Please keep the answer under %(n)d characters.") % {"n": ANSWER_MAX}}
        )
    with transaction.atomic():
        ticket = (
            ConsultationTicket.objects.select_for_update()
            .select_related("agency", "person")
            .get(pk=ticket_id)
        )
        require(actor, "consult.ticket.answer", ticket)
        if ticket.state != TicketState.OPEN:
            raise Conflict(_("This question has already been answered."))
        ticket.state, ticket.answer = TicketState.ANSWERED, answer
        ticket.answered_by, ticket.answered_at = actor, timezone.now()
        ticket.save(update_fields=["state", "answer", "answered_by", "answered_at"])
        log_action("consult.ticket.answered", actor=actor, obj=ticket)
        events.publish(
            "consult.ticket.answered",
            person_id=ticket.person_id,
            number=ticket.number,
            question=ticket.question[:40],
            period=ticket.number,  # one notice per ticket
        )
    return ticket


def ticket_promote(*, ticket_id: int, actor, question: str, answer: str) -> KnowledgePair:
    """Put an answered question into the base (as staff reworded it for everyone)."""
    with transaction.atomic():
        ticket = ConsultationTicket.objects.select_for_update().select_related("agency").get(pk=ticket_id)
        require(actor, "consult.knowledge.promote", ticket)
        if ticket.state != TicketState.ANSWERED:
            raise Conflict(_("Only an answered question can go into the knowledge base."))
        if ticket.promoted_id is not None:
            raise Conflict(_("This question is already in the knowledge base."))
        pair = KnowledgePair(
            key=f"ticket.{ticket.pk}",
            topic=Topic.GENERAL,
            question=question_check(question),
            alternatives=[ticket.question] if ticket.question != question else [],
            answer=(answer or "").strip(),
            origin=Origin.TICKET,
        )
        pair_save(pair=pair, actor=actor)
        ticket.promoted = pair
        ticket.save(update_fields=["promoted"])
    return pair
