"""Reads of cooperation agreements for the manager's pages: one agreement with its scope, authorised
staff and history, and what signing a new one for a point starts from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shebao.catalog.models import Category, ServiceItem
from shebao.core.errors import NotFound
from shebao.core.models import AuditEntry, Outlet, Role, StaffProfile
from shebao.network import items
from shebao.network.models import Agreement, AgreementStatus, Step
from shebao.network.selectors import local_now

REVIEW_WARNING_DAYS = 30
# What each audit entry of an agreement says on its page (a context: "Resumed" of a case reads otherwise).
HISTORY = {
    "network.agreement.signed": pgettext_lazy("agreement history", "Signed"),
    "network.agreement.authorised": pgettext_lazy("agreement history", "Authorised"),
    "network.agreement.revoked": pgettext_lazy("agreement history", "Authorisation revoked"),
    "network.agreement.suspended": pgettext_lazy("agreement history", "Suspended"),
    "network.agreement.resumed": pgettext_lazy("agreement history", "Resumed"),
    "network.agreement.ended": pgettext_lazy("agreement history", "Ended"),
}


class UnknownAgreement(NotFound):
    code = "unknown_agreement"
    default_message = _("There is no cooperation agreement with this number.")


@dataclass
class ItemGroup:
    label: str
    items: list[tuple[str, str]]  # (code, name in the reader's language)


@dataclass
class HistoryLine:
    at: object
    who: str
    what: str
    detail: str


@dataclass
class AgreementDetail:
    agreement: Agreement
    scope: list[ItemGroup]
    outside_tier: list[str]  # names of items in scope that the point's tier does not allow
    withdrawn: list[str]  # codes in scope no longer in the catalogue
    tier_total: int  # items the point's tier allows
    covered: int  # of those, in scope
    authorised: list[tuple[str, str, list]]  # (step, label, [AgreementStaff]) for every step
    tellers: list[StaffProfile]  # whom the manager may authorise: the point's active tellers
    history: list[HistoryLine]
    others: list[Agreement]  # the point's other agreements, newest first
    review: str | None = None  # "overdue", "soon" or None
    validity: str | None = None  # "expired", "not_started" or None


def review_state(agreement: Agreement, today: date) -> str | None:
    """Whether the next review is overdue or due within REVIEW_WARNING_DAYS (ended agreements: never)."""
    due = agreement.next_review
    if due is None or agreement.status == AgreementStatus.ENDED:
        return None
    if due < today:
        return "overdue"
    return "soon" if due <= today + timedelta(days=REVIEW_WARNING_DAYS) else None


def _validity(agreement: Agreement, today: date) -> str | None:
    if agreement.status == AgreementStatus.ENDED:
        return None
    if agreement.valid_until < today:
        return "expired"
    return "not_started" if agreement.valid_from > today else None


def grouped(found: list[ServiceItem]) -> list[ItemGroup]:
    """Items by catalogue category, in the catalogue's order of categories, each by code."""
    labels = dict(Category.choices)
    groups: dict[str, list[tuple[str, str]]] = {}
    for item in sorted(found, key=lambda i: i.code):
        groups.setdefault(item.category, []).append((item.code, items.display_name(item)))
    order = list(labels)
    ranked = sorted(groups, key=lambda c: order.index(c) if c in order else len(order))
    return [ItemGroup(str(labels.get(c, c)), groups[c]) for c in ranked]


def point_tellers(outlet: Outlet) -> list[StaffProfile]:
    return list(
        StaffProfile.objects.filter(outlet=outlet, active=True, roles__role=Role.TELLER)
        .select_related("user")
        .distinct()
        .order_by("display_name", "user__username")
    )


def _authorised(agreement: Agreement) -> list[tuple[str, str, list]]:
    links = list(
        agreement.authorisations.select_related("staff__user").order_by("staff__display_name", "staff_id")
    )
    return [(step, label, [a for a in links if a.step == step]) for step, label in Step.choices]


def _history(agreement: Agreement) -> list[HistoryLine]:
    entries = list(
        AuditEntry.objects.filter(
            object_type=Agreement._meta.label_lower, object_id=str(agreement.pk)
        ).order_by("seq")
    )
    actors = {
        s.user_id: s.display_name
        for s in StaffProfile.objects.filter(user_id__in={e.actor_id for e in entries if e.actor_id})
    }
    named = {e.data.get("staff") for e in entries if isinstance(e.data.get("staff"), int)}
    staff = dict(StaffProfile.objects.filter(pk__in=named).values_list("pk", "display_name"))
    steps = dict(Step.choices)
    lines = []
    for e in entries:
        if e.action in ("network.agreement.authorised", "network.agreement.revoked"):
            who = staff.get(e.data.get("staff"), "—")
            detail = f"{who} · {steps.get(e.data.get('step'), e.data.get('step'))}"
        elif e.action == "network.agreement.signed":
            detail = _("Items in scope: %(n)s; valid until %(until)s") % {
                "n": e.data.get("items"),
                "until": e.data.get("until"),
            }
        else:
            detail = e.data.get("reason", "")
        what = str(HISTORY.get(e.action, e.action))
        lines.append(HistoryLine(e.at, actors.get(e.actor_id, e.actor_name), what, detail))
    return lines


def find_agreement(number: str) -> Agreement:
    agreement = Agreement.objects.select_related("outlet__agency").filter(number=number).first()
    if agreement is None:
        raise UnknownAgreement()
    return agreement


def agreement_detail(agreement: Agreement) -> AgreementDetail:
    """Everything the agreement page shows, for the manager of its point."""
    outlet = agreement.outlet
    catalogue = {item.code: item for item in items.catalogue_items()}
    tier_codes = {item.code for item in items.tier_items(outlet.tier, list(catalogue.values()))}
    in_scope = [catalogue[c] for c in agreement.scope_items if c in catalogue]
    today = local_now().date()
    return AgreementDetail(
        agreement=agreement,
        scope=grouped(in_scope),
        outside_tier=[items.display_name(i) for i in in_scope if i.code not in tier_codes],
        withdrawn=[c for c in agreement.scope_items if c not in catalogue],
        tier_total=len(tier_codes),
        covered=len(tier_codes.intersection(agreement.scope_items)),
        authorised=_authorised(agreement),
        tellers=point_tellers(outlet),
        history=_history(agreement),
        others=list(outlet.agreements.exclude(pk=agreement.pk).order_by("-valid_from")),
        review=review_state(agreement, today),
        validity=_validity(agreement, today),
    )


@dataclass
class SigningStart:
    """What the form for a point's new agreement starts from."""

    outlet: Outlet
    partner_point: bool
    in_force: Agreement | None  # an active agreement: it must be ended first
    suspended: Agreement | None
    previous: Agreement | None  # the latest agreement, whose terms a renewal starts from
    choices: list[ItemGroup]  # the items the point's tier allows
    tier_codes: list[str]
    tellers: list[StaffProfile]


def signing_start(outlet: Outlet) -> SigningStart:
    agreements = list(outlet.agreements.order_by("-valid_from", "-pk"))
    allowed = items.tier_items(outlet.tier)
    return SigningStart(
        outlet=outlet,
        partner_point=items.needs_agreement(outlet.level, outlet.kind),
        in_force=next((a for a in agreements if a.status == AgreementStatus.ACTIVE), None),
        suspended=next((a for a in agreements if a.status == AgreementStatus.SUSPENDED), None),
        previous=agreements[0] if agreements else None,
        choices=grouped(allowed),
        tier_codes=[i.code for i in allowed],
        tellers=point_tellers(outlet),
    )


@dataclass
class PointAgreement:
    """One line of the manager's list: the agreement to show for a point, and what may be done."""

    agreement: Agreement | None  # the one not ended, else the latest
    partner_point: bool
    may_sign: bool  # a partner point with no agreement in force
    review: str | None


def point_agreement(outlet: Outlet, today: date) -> PointAgreement:
    """From the point's prefetched agreements (outlets_overseen brings them along)."""
    agreements = sorted(outlet.agreements.all(), key=lambda a: (a.valid_from, a.pk), reverse=True)
    current = next((a for a in agreements if a.status != AgreementStatus.ENDED), None)
    shown = current or next(iter(agreements), None)
    partner_point = items.needs_agreement(outlet.level, outlet.kind)
    return PointAgreement(
        agreement=shown,
        partner_point=partner_point,
        may_sign=partner_point and not any(a.status == AgreementStatus.ACTIVE for a in agreements),
        review=review_state(shown, today) if shown else None,
    )
