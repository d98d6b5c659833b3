"""Review flows as data: which back-office steps an item's cases go through, in order, with the role
of each. A change publishes a new version; a case keeps the flow it started with (Case.flow)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from shebao.cases.models import FlowStep, ReviewFlow
from shebao.catalog.models import Risk, ServiceItem
from shebao.catalog.selectors import kept_while_catalogue_unchanged
from shebao.core.audit import log_action
from shebao.core.errors import ValidationFailed
from shebao.core.models import Role

# The defaults when an agency has not written a flow for an item (source 004, Chuxiong: the back office
# approves by type; high risk needs a second pair of eyes, low risk one step).
REVIEW = ("初审", Role.REVIEWER)
RECHECK = ("复核", Role.REVIEWER)
APPROVE = ("审批", Role.APPROVER)
DEFAULT_HIGH = (REVIEW, APPROVE)
DEFAULT_LOW = (REVIEW,)
THREE_STEP = (REVIEW, RECHECK, APPROVE)


def default_steps(item: ServiceItem) -> tuple[tuple[str, str], ...]:
    return DEFAULT_HIGH if item.risk == Risk.HIGH else DEFAULT_LOW


def _read_flow(item: ServiceItem, day: date) -> ReviewFlow | None:
    return (
        ReviewFlow.objects.filter(item=item, effective_from__lte=day)
        .order_by("-effective_from", "-version")
        .prefetch_related("steps")
        .first()
    )


def flow_in_force(item: ServiceItem, day: date) -> ReviewFlow | None:
    """The flow with its steps; kept while the catalogue is unchanged (the flows' tables are part of its
    stamp), so the same object serves every intake: read it, never change it."""
    return kept_while_catalogue_unchanged(("flow", item.pk, day), lambda: _read_flow(item, day))


def flow_publish(
    *, item: ServiceItem, steps: list[tuple[str, str]] | tuple, effective_from: date, actor=None, note=""
) -> ReviewFlow:
    """A new version of the item's flow. Steps are (name, role) in order; roles are back-office roles."""
    if not steps:
        raise ValidationFailed(fields={"steps": _("A flow needs at least one step.")})
    allowed = {Role.REVIEWER, Role.APPROVER, Role.AUDITOR}
    if any(role not in allowed for _name, role in steps):
        raise ValidationFailed(fields={"steps": _("Each step must be for a reviewer, approver or auditor.")})
    with transaction.atomic():
        last = ReviewFlow.objects.select_for_update().filter(item=item).order_by("-version").first()
        flow = ReviewFlow.objects.create(
            item=item, version=(last.version + 1) if last else 1, effective_from=effective_from, note=note
        )
        FlowStep.objects.bulk_create(
            [FlowStep(flow=flow, position=i, name=name, role=role) for i, (name, role) in enumerate(steps, 1)]
        )
        log_action(
            "cases.flow.published",
            actor=actor,
            obj=flow,
            data={"item": item.code, "version": flow.version, "steps": [r for _n, r in steps]},
        )
    return flow


def flow_for_intake(item: ServiceItem, day: date) -> ReviewFlow:
    """The flow in force, or the default one published on first use (so intake never stalls on a
    missing flow, and the default is visible and versioned like any other)."""
    flow = flow_in_force(item, day)
    if flow is not None:
        return flow
    try:
        with transaction.atomic():
            return flow_publish(
                item=item, steps=default_steps(item), effective_from=date(2000, 1, 1), note="default"
            )
    except IntegrityError:
        # Another intake published it at the same moment: read afresh, past what this process kept (this
        # request's token is still the one from before that flow).
        flow = _read_flow(item, day)
        assert flow is not None
        return flow
