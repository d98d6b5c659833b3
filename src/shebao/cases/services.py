"""Every change to cases, as plain functions (HackSoft style). Split by concern, gathered here:

- intake.py: case_accept (the window), the one-time notice, numbering, idempotency;
- employers.py: employer_case_accept (an employer for several employees at once);
- backoffice.py: case_claim, case_claim_next, case_approve, case_return, case_reject, case_transfer;
- aftercare.py: case_supplement, case_choose_delivery, case_deliver, case_reminders;
- flows.py: flow_publish (review flows as versioned data).
"""

from shebao.cases.aftercare import (
    case_choose_delivery,
    case_deliver,
    case_material_check,
    case_reminders,
    case_supplement,
)
from shebao.cases.backoffice import (
    case_approve,
    case_claim,
    case_claim_next,
    case_reject,
    case_return,
    case_transfer,
)
from shebao.cases.employers import employer_case_accept
from shebao.cases.flows import flow_publish
from shebao.cases.intake import Intake, ProxyIn, case_accept
from shebao.cases.notice import MaterialsMissing

__all__ = [
    "Intake",
    "MaterialsMissing",
    "ProxyIn",
    "case_accept",
    "case_approve",
    "case_choose_delivery",
    "case_claim",
    "case_claim_next",
    "case_deliver",
    "case_material_check",
    "case_reject",
    "case_reminders",
    "case_return",
    "case_supplement",
    "case_transfer",
    "employer_case_accept",
    "flow_publish",
]
