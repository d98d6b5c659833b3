"""Reads of the knowledge base and the tickets shared by pages and the API. The answer ranker lives in
the process, rebuilt when the base changes, as the catalogue's search index is (checked at most every
FRESH_FOR seconds; at once in the process that saved)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shebao.consult import knowledge
from shebao.consult.models import ConsultationTicket, KnowledgePair, TicketState, UnansweredQuestion
from shebao.core.errors import ApplicationError
from shebao.core.fresh import Fresh
from shebao.core.permissions import can, staff_of
from shebao.core.textsearch.ranking import AnswerRanker
from shebao.network import selectors as network_selectors

FRESH_FOR = 2.0
# Answers scoring below this are offered as "maybe", with a person to ask: set from the evaluation set
# (data/evaluation.tsv) so that no question outside the base scores above it and at least 95% of the right
# first answers do (tests/test_the_evaluation_set.py checks both).
CONFIDENT_AT = 4.6
LIMIT_MAX = 10
# Our pages a `page:NAME` source links to, and what the link says.
PAGES = {
    "retirement": ("notify:retirement_age", _("Statutory retirement age")),
    "pension": ("consult:pension", _("Pension estimate")),
    "unemployment": ("consult:unemployment", _("Unemployment benefit")),
    "my_pension": ("consult:my_pension", _("Why my pension changed")),
    "records": ("records:mine", _("My rights records")),
    "certification": ("certification:mine", _("Eligibility certification")),
    "booking": ("hall:book_outlet", _("Book a visit")),
    "finder": ("network:map", _("Find a service point")),
    "track": ("cases:track", _("Track a case")),
    "notices": ("notify:inbox", _("My notices")),
}


def _stamp() -> tuple:
    agg = KnowledgePair.objects.filter(active=True).aggregate(n=Count("id"), at=Max("updated_at"))
    return agg["n"], agg["at"]


def _spec(row: KnowledgePair) -> knowledge.Pair:
    return knowledge.Pair(
        row.key, row.topic, row.question, row.answer, tuple(row.alternatives), tuple(row.sources)
    )


def _build() -> tuple[AnswerRanker, dict[str, KnowledgePair]]:
    """The ranker and the pairs it was built from (an answer costs no query)."""
    rows = list(KnowledgePair.objects.filter(active=True).order_by("id"))
    return knowledge.ranker([_spec(p) for p in rows]), {p.key: p for p in rows}


_answering = Fresh(_stamp, _build, seconds=FRESH_FOR)
forget_ranker = _answering.forget  # a pair saved in this process (connected in apps.py)


@dataclass
class Link:
    kind: str  # guide, booking, outlet, form, page
    label: str  # translated when shown
    url: str


@dataclass
class Answer:
    pair: KnowledgePair
    score: float
    confident: bool
    links: list[Link] = field(default_factory=list)


def ask(question: str, *, limit: int = 3, lat=None, lng=None) -> list[Answer]:
    """The best answers to a question, best first, each with its links; the nearest outlet that handles
    the answer's item when the asker shared a location."""
    ranker, pairs = _answering.get()[0]
    ranked = ranker.rank(question, limit=max(1, min(limit, LIMIT_MAX)))
    answers = []
    for r in ranked:
        pair = pairs[r.key]
        answers.append(
            Answer(pair, r.confidence, r.confidence >= CONFIDENT_AT, links_of(pair, lat=lat, lng=lng))
        )
    return answers


def links_of(pair: KnowledgePair, *, lat=None, lng=None) -> list[Link]:
    spec = _spec(pair)
    links = []
    for code in spec.item_codes[:1]:
        links.append(Link("guide", _("Guide"), reverse("catalog:item", args=[code])))
        links.append(
            Link("form", _("Forms and one-time notice"), reverse("catalog:item_notice", args=[code]))
        )
        links.append(Link("booking", _("Book a visit"), reverse("hall:book_outlet")))
        if lat not in (None, "") and lng not in (None, ""):
            links.extend(_nearest(code, lat, lng))
    for name in spec.pages:
        if name in PAGES:
            route, label = PAGES[name]
            links.append(Link("page", label, reverse(route)))
    return links


def _nearest(code: str, lat, lng) -> list[Link]:
    try:
        found = network_selectors.nearest_outlets(lat=lat, lng=lng, item=code, limit=1)
    except ApplicationError:  # a bad location or an item no outlet takes: the answer stands without it
        return []
    return [Link("outlet", r.outlet.name, reverse("network:outlet", args=[r.outlet.code])) for r in found]


def tickets_of(person) -> list[ConsultationTicket]:
    return list(ConsultationTicket.objects.filter(person=person).order_by("-created_at", "-id")[:50])


def tickets_for_staff(user, *, state: str = TicketState.OPEN) -> list[ConsultationTicket]:
    """The tickets of the staff member's agency and those under it, the earliest due first."""
    staff = staff_of(user)
    if staff is None or not can(user, "consult.ticket.list"):
        return []
    return list(
        ConsultationTicket.objects.filter(agency__path__startswith=staff.agency.path, state=state)
        .select_related("person", "agency")
        .order_by("due_on", "id")[:200]
    )


def ticket_for_staff(user, ticket_id: int) -> ConsultationTicket | None:
    staff = staff_of(user)
    if staff is None:
        return None
    return (
        ConsultationTicket.objects.filter(pk=ticket_id, agency__path__startswith=staff.agency.path)
        .select_related("person", "agency", "answered_by", "promoted")
        .first()
    )


def unanswered_top(limit: int = 50) -> list[UnansweredQuestion]:
    return list(UnansweredQuestion.objects.order_by("-count", "-last_asked")[:limit])
