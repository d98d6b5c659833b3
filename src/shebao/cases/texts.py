"""The citizen is told before they ask: text messages on acceptance, return for supplement, deficiency
reminder, suspension, completion and refusal. Called by machine.record() for every case event, inside
the transaction of the change, so a text exists exactly when the change does (core.messaging sends it
after commit). Each text goes to the applicant and to everyone bound to act for them (亲情代办), with a
dedupe key per event and recipient: a retried job never texts twice."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from shebao.cases.ratings import rating_link
from shebao.core.errors import ValidationFailed
from shebao.core.messaging import text_message_send
from shebao.core.typography import as_clause, due_date, join_list
from shebao.people.models import Person
from shebao.people.proxies import MAX_PRINCIPALS

TOLD = frozenset(
    {
        "accepted",
        "completed_at_window",
        "returned",
        "reminded",
        "suspended",
        "approved",
        "rejected",
        "supplemented",
        "resumed",
        "deadline_recounted",
    }
)


def recipients(person: Person) -> list[Person]:
    if not getattr(person, "has_proxies", True):  # read with the applicant (person_for_intake): nobody
        return [person]
    proxies = Person.objects.filter(acts_for__principal=person, acts_for__ended_at__isnull=True)
    return [person, *proxies.order_by("id")[:MAX_PRINCIPALS]]


def _missing(case) -> str:
    # .all(): the rows an intake just wrote when it kept them on the case (no query), else one query.
    return join_list([m.name for m in case.materials.all() if m.status in ("deferred", "requested")])


def _body(case, action: str, event) -> str | None:
    item, number = case.item_version.item.name, case.number
    args = {"item": item, "number": number, "deadline": due_date(case.deadline)}
    if case.deficiency_due:
        args.update(missing=_missing(case), due=due_date(case.deficiency_due))
    if action == "accepted":
        if case.flow_id is None:
            return None  # an instant item: the completion text says it all
        text = (
            _(
                "Your application “%(item)s” was accepted, case number %(number)s; it will be decided "
                "by %(deadline)s. Follow it with the case number and your document number, or sign in "
                "to My services."
            )
            % args
        )
        if case.deficiency_due:
            text += " " + _("Please supply %(missing)s by %(due)s, online or at any window.") % args
        return text
    if action == "completed_at_window" or (
        action in {"approved", "supplemented", "resumed"} and case.state == "completed"
    ):
        return _with_rating_link(
            case,
            _("Case %(number)s “%(item)s” is approved and completed. Sign in to My services for the letter.")
            % args,
        )
    if action == "returned":
        return _(
            "Case %(number)s “%(item)s” needs more from you: %(reason)s. Please supply %(missing)s "
            "by %(due)s, online in My services or at any window."
        ) % {**args, "reason": as_clause(event.reason)}
    if action == "reminded":
        return (
            _("Reminder: case %(number)s still needs %(missing)s by %(due)s, online or at any window.") % args
        )
    if action == "suspended":
        return _(
            "Case %(number)s is suspended: %(missing)s did not arrive by %(due)s. It goes on as soon as you "
            "supply it, online or at any window."
        ) % {**args, "missing": join_list(event.data.get("missing", [])), "due": event.data.get("due", "")}
    if action == "deadline_recounted":
        return _(
            "Case %(number)s “%(item)s”: now that next year's public holidays are announced, its time "
            "limit is %(deadline)s (it was %(old)s, counted provisionally)."
        ) % {**args, "old": event.data.get("from", "")}
    if action == "rejected":
        return _with_rating_link(
            case,
            _(
                "Case %(number)s “%(item)s” was not approved: %(reason)s. The decision letter in My "
                "services says how to appeal."
            )
            % {**args, "reason": as_clause(event.reason)},
        )
    return None


def _with_rating_link(case, text: str) -> str:
    """A decision text ends with the link to rate the service (好差评 covers every channel)."""
    return text + " " + _("Rate our service: %(link)s") % {"link": rating_link(case)}


def tell(case, event) -> None:
    """Text the applicant (and their bound proxies) about this event, if it is one they are told of."""
    if event.action not in TOLD:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = _body(case, event.action, event)
    if body is None:
        return
    text_each(
        recipients(case.person),
        body=body,
        purpose=f"cases.{event.action}",
        dedupe_key=f"cases.{event.action}:{case.number}:{event.pk}",
    )


def text_each(people, *, body: str, purpose: str, dedupe_key: str) -> None:
    """Text each person with a phone once (the dedupe key gets the person's id), skipping numbers no
    text can reach: the portal and the tracking page still show what the text would have said."""
    for person in people:
        if not person.phone:
            continue
        try:
            text_message_send(
                phone=person.phone, body=body, purpose=purpose, dedupe_key=f"{dedupe_key}:{person.pk}"
            )
        except ValidationFailed:
            continue
