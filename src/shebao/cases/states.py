"""The case state machine, declared in one place. Every change of `Case.state` goes through `move()`,
which validates the step against CASE_STEPS and raises InvalidTransition for any other.

accepted ─claim→ in_review ─approve (last step)→ approved ─deferred material in→ completed ─→ delivered
    │                 │  └─return→ returned ─supplement→ supplemented ─claim→ in_review
    │                 └─reject→ rejected ─→ delivered (the decision letter is handed over too)
    └─ instant item, complete materials → completed at the window
Any open case whose deficiency deadline passes is suspended (never dropped); the missing material
resumes it where it stopped.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shebao.core.errors import InvalidTransition


class CaseState(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for supplement")
    SUPPLEMENTED = "supplemented", _("Supplemented")
    APPROVED = "approved", _("Approved, waiting for a material")
    REJECTED = "rejected", _("Rejected")
    COMPLETED = "completed", _("Completed")
    DELIVERED = "delivered", _("Delivered")
    SUSPENDED = "suspended", _("Suspended: material overdue")


S = CaseState

CASE_STEPS: dict[str, frozenset[str]] = {
    # A transfer to another agency keeps the state (accepted → accepted, in_review → in_review).
    S.ACCEPTED: frozenset({S.ACCEPTED, S.IN_REVIEW, S.COMPLETED, S.SUSPENDED}),
    # in_review → in_review: a step approved, the next one waits; or a transfer.
    S.IN_REVIEW: frozenset({S.IN_REVIEW, S.APPROVED, S.COMPLETED, S.RETURNED, S.REJECTED, S.SUSPENDED}),
    S.RETURNED: frozenset({S.SUPPLEMENTED, S.SUSPENDED}),
    S.SUPPLEMENTED: frozenset({S.SUPPLEMENTED, S.IN_REVIEW, S.SUSPENDED}),
    S.APPROVED: frozenset({S.COMPLETED, S.SUSPENDED}),
    S.SUSPENDED: frozenset({S.ACCEPTED, S.IN_REVIEW, S.SUPPLEMENTED, S.COMPLETED, S.REJECTED}),
    S.REJECTED: frozenset({S.DELIVERED}),
    S.COMPLETED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
}

# The back office still has work to do (queues, time-limit monitor).
OPEN_STATES = frozenset({S.ACCEPTED, S.IN_REVIEW, S.SUPPLEMENTED})
# The clock runs: not yet decided and not waiting for the citizen.
RUNNING_STATES = frozenset({S.ACCEPTED, S.IN_REVIEW, S.SUPPLEMENTED, S.APPROVED})
DECIDED_STATES = frozenset({S.COMPLETED, S.REJECTED, S.DELIVERED})


def check_move(current: str, target: str) -> None:
    if target not in CASE_STEPS.get(current, frozenset()):
        raise InvalidTransition(
            _("A case cannot go from “%(current)s” to “%(target)s”.")
            % {"current": CaseState(current).label, "target": CaseState(target).label},
            fields={"state": _("This step is not possible in the current state.")},
        )


class StepState(models.TextChoices):
    OPEN = "open", _("Waiting")
    CLAIMED = "claimed", _("Claimed")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    REJECTED = "rejected", _("Rejected")


class MaterialStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    DEFERRED = "deferred", _("Missing, to be supplied later")
    REQUESTED = "requested", _("Asked for again")
    TO_CHECK = "to_check", _("Uploaded, to be checked by staff")
    SUPPLIED = "supplied", _("Supplied")
    NOT_PROVIDED = "not_provided", _("Not provided (optional)")


OUTSTANDING_MATERIALS = frozenset({MaterialStatus.DEFERRED, MaterialStatus.REQUESTED})
# A file a citizen uploaded is not owed any more (no reminder, no suspension), but nobody has looked at
# it yet: the case completes only once staff accept it.
BLOCKING_COMPLETION = OUTSTANDING_MATERIALS | {MaterialStatus.TO_CHECK}


# What the history shows for each recorded action (CaseEvent.action).
ACTION_LABELS = {
    "accepted": _("Accepted"),
    "completed_at_window": _("Completed at the window"),
    "claimed": _("Taken up by the back office"),
    "material_accepted": _("Uploaded material accepted"),
    "material_asked_again": _("Uploaded material asked for again"),
    "step_approved": _("Step approved"),
    "approved": _("Approved"),
    "returned": _("Returned for supplement"),
    "rejected": _("Rejected"),
    "transferred": _("Transferred to another agency"),
    "material_supplied": _("Material supplied"),
    "supplemented": _("Supplement complete"),
    "resumed": _("Resumed"),
    "reminded": _("Reminder sent"),
    "suspended": _("Suspended: material overdue"),
    "delivery_chosen": _("Delivery chosen"),
    "delivered": _("Result handed over"),
    "deadline_recounted": _("Time limit counted again (holidays announced)"),
}
