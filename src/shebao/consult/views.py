"""Pages of the consult app. The calculators: plain GET forms (they work without JavaScript and can be
bookmarked), every error shown at once beside its field; nothing is stored. The knowledge base's chat page,
the hand-over to a person and the staff's answering of those questions."""

import uuid
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.consult import calculators, explain, inputs, selectors, services
from shebao.consult.api import pension_answer
from shebao.consult.models import KnowledgePair, TicketState
from shebao.core.audit import log_action
from shebao.core.errors import Conflict, NotFound, ValidationFailed
from shebao.core.permissions import can, require
from shebao.core.retirement import retirement_age
from shebao.notify.scans import category_of
from shebao.people.models import Sex
from shebao.people.portal import acting_for, citizen_required, current_citizen
from shebao.records import selectors as records_selectors
from shebao.records.models import PaymentPart


def _page(request: HttpRequest, template: str, fields: dict, answer) -> HttpResponse:
    asked = {name: request.GET.get(name, "") for name in fields}
    context: dict = {"asked": asked}
    if any(asked.values()):
        try:
            context["answer"] = answer(inputs.read(request.GET, fields))
        except ValidationFailed as error:
            context["error"] = error
            return render(request, template, context, status=422)
    return render(request, template, context)


def pension(request: HttpRequest) -> HttpResponse:
    citizen = current_citizen(request)
    if citizen is None or any(request.GET.get(name) for name in inputs.PENSION_FIELDS):
        return _page(request, "consult/calculator_pension.html", inputs.PENSION_FIELDS, pension_answer)
    mine = _from_my_records(citizen)
    woman = citizen.sex != Sex.MALE and not citizen.post  # her post not known yet: she is told to check
    return render(request, "consult/calculator_pension.html", {"asked": mine, "mine": mine, "woman": woman})


def _from_my_records(person) -> dict[str, str]:
    """What the signed-in citizen's records already say: years of contributions so far, the individual
    account's balance today, the statutory retirement age (a woman's by her post; while it is not known, the
    worker's age, and the page says to check). The province's wage and the index are the citizen's."""
    today = timezone.localdate()
    months = records_selectors.pension_contribution_months(person)
    mine = {
        "years": str((Decimal(months) / 12).quantize(Decimal("0.01"))),
        "account_balance": f"{records_selectors.person_account(person, until=today).balance_at(today):.2f}",
    }
    if person.birth_date is not None:
        age = retirement_age(category_of(person), person.birth_date.year, person.birth_date.month)
        mine |= {"retire_age_years": str(age.age_years), "retire_age_months": str(age.age_months)}
    return mine


def unemployment(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "consult/calculator_unemployment.html",
        inputs.UNEMPLOYMENT_FIELDS,
        lambda values: calculators.unemployment_benefit(**values),
    )


def _month(text: str) -> date | None:
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def _change_context(request: HttpRequest, person) -> dict:
    """The person's payment months, the two compared (the last two by default, or ?from=&to=) and why the
    second differs from the first."""
    months = explain.months_from(records_selectors.payment_lines(person, start=None, end=None))
    choices = list(months)
    after = _month(request.GET.get("to", "")) or (choices[-1] if choices else None)
    before = _month(request.GET.get("from", "")) or (choices[-2] if len(choices) > 1 else None)
    context: dict = {"person": person, "choices": choices, "before": before, "after": after}
    if before in months and after in months:
        context["later"] = months[after]
        context["earlier"] = months[before]
        context["reasons"] = explain.explain(months[before], months[after])
        context["parts"] = [(PaymentPart(part).label, amount) for part, amount in months[after].paid.items()]
        context["difference"] = months[after].total - months[before].total
    return context


@citizen_required
def my_pension(request: HttpRequest) -> HttpResponse:
    """For a recipient, or a relative bound to act for them: the month's pension in parts and why it
    changed."""
    persons = acting_for(request.citizen)
    person = next((p for p in persons if str(p.pk) == request.GET.get("person")), persons[0])
    context = _change_context(request, person) | {"persons": persons, "staff_view": False}
    return render(request, "consult/pension_change.html", context)


@login_required
def staff_pension(request: HttpRequest, person_id: int) -> HttpResponse:
    """The same for staff answering a call: scoped like any read of the person's records, and audited."""
    person = records_selectors.person_for_records(person_id=person_id, user=request.user)
    log_action("people.person.viewed", actor=request.user, obj=person, data={"via": "pension change"})
    context = _change_context(request, person) | {"persons": [person], "staff_view": True}
    return render(request, "consult/pension_change.html", context)


# --- the knowledge base: asking, handing over to a person -----------------------------------------------

SUGGESTED = (
    "retirement.age",
    "pension.min_years",
    "certify.how",
    "card.lost",
    "unemployment.conditions",
    "records.print",
)


def _suggested() -> list[KnowledgePair]:
    found = {p.key: p for p in KnowledgePair.objects.filter(key__in=SUGGESTED, active=True)}
    return [found[key] for key in SUGGESTED if key in found]


def ask(request: HttpRequest) -> HttpResponse:
    """The chat page: a question and its answers (appended to the conversation by HTMX, or a page of its
    own without JavaScript). Unsure, it says so and offers a person."""
    q = request.GET.get("q", "")
    context: dict = {"q": q, "suggested": _suggested(), "citizen": current_citizen(request)}
    status = 200
    if q.strip():
        try:
            where = {"lat": request.GET.get("lat"), "lng": request.GET.get("lng")}
            question, answers, confident = services.question_ask(question=q, **where)
            context |= {
                "question": question,
                "answers": answers,
                "confident": confident,
                "idempotency_key": uuid.uuid4().hex,  # a retried hand-over makes one ticket
                "days": services.ANSWER_WITHIN_WORKING_DAYS,
            }
        except ValidationFailed as error:
            context["error"], status = error, 422
    template = "consult/_exchange.html" if request.htmx and "question" in context else "consult/ask.html"
    return render(request, template, context, status=status)


@require_POST
def hand_over(request: HttpRequest) -> HttpResponse:
    """The question becomes a ticket for staff (signed-in citizens: they are told in the portal and by
    text); anyone else is asked to sign in first and comes back to the same question."""
    q = request.POST.get("q", "")
    citizen = current_citizen(request)
    if citizen is None:
        back = reverse("consult:ask") + "?" + urlencode({"q": q})
        return redirect(reverse("portal:sign_in") + "?" + urlencode({"next": back}))
    offered = [k for k in request.POST.getlist("offered") if k][:3]
    try:
        ticket = services.ticket_open(
            person=citizen,
            question=q,
            offered=offered,
            idempotency_key=request.POST.get("idempotency_key", ""),
        )
    except ValidationFailed as error:
        context = {"q": q, "error": error, "suggested": _suggested(), "citizen": citizen}
        return render(request, "consult/ask.html", context, status=422)
    messages.success(
        request,
        _(
            "Your question went to the staff of %(agency)s. "
            "You will have an answer by %(due)s, in your notices and by text."
        )
        % {"agency": ticket.agency.name, "due": date_format(ticket.due_on, "DATE_FORMAT")},
    )
    return redirect("consult:mine")


@citizen_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "consult/mine.html", {"tickets": selectors.tickets_of(request.citizen)})  # type: ignore[attr-defined]


# --- staff: answering, promoting, what the base missed -----------------------------------------------


@login_required
def staff_tickets(request: HttpRequest) -> HttpResponse:
    require(request.user, "consult.ticket.list")
    state = request.GET.get("state", TicketState.OPEN)
    state = state if state in TicketState.values else TicketState.OPEN
    tickets = selectors.tickets_for_staff(request.user, state=state)
    context = {
        "tickets": tickets,
        "state": state,
        "today": timezone.localdate(),
        "states": TicketState.choices,
    }
    return render(request, "consult/staff_tickets.html", context)


@login_required
def staff_ticket(request: HttpRequest, ticket_id: int) -> HttpResponse:
    require(request.user, "consult.ticket.list")
    ticket = selectors.ticket_for_staff(request.user, ticket_id)
    if ticket is None:
        raise NotFound(_("There is no such consultation for your agency."))
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "promote":
                services.ticket_promote(
                    ticket_id=ticket.pk, actor=request.user,
                    question=request.POST.get("question", ""), answer=request.POST.get("answer", ""),
                )  # fmt: skip
                messages.success(request, _("The question and its answer are now in the knowledge base."))
            else:
                services.ticket_answer(
                    ticket_id=ticket.pk, actor=request.user, answer=request.POST.get("answer", "")
                )
                messages.success(request, _("Answered. The citizen is told in their notices and by text."))
            return redirect("consult:staff_ticket", ticket_id=ticket.pk)
        except (ValidationFailed, Conflict) as exc:
            error = exc
    else:
        log_action("consult.ticket.viewed", actor=request.user, obj=ticket, data={"person": ticket.person_id})
    offered = list(KnowledgePair.objects.filter(key__in=ticket.offered))
    context = {
        "ticket": ticket,
        "offered": offered,
        "error": error,
        "may_promote": can(request.user, "consult.knowledge.promote", ticket),
    }
    return render(request, "consult/staff_ticket.html", context, status=error.status if error else 200)


@login_required
def unanswered(request: HttpRequest) -> HttpResponse:
    require(request.user, "consult.unanswered.view")
    return render(request, "consult/unanswered.html", {"questions": selectors.unanswered_top()})
