"""Reads for the shell pages, scoped to what the staff member may see."""

from shebao.core.audit_labels import action_label, object_label
from shebao.core.auditchain import chain_status
from shebao.core.models import Agency, AuditEntry, Outlet, StaffProfile

AUDIT_PAGE = 50


def area_summary(staff: StaffProfile) -> dict:
    """Figures for the manager's card: what lies under the manager's agency."""
    path = staff.agency.path
    return {
        "agencies": Agency.objects.filter(path__startswith=path).count(),
        "outlets": Outlet.objects.filter(agency__path__startswith=path).count(),
        "staff": StaffProfile.objects.filter(agency__path__startswith=path, active=True).count(),
    }


def audit_overview() -> dict:
    status = chain_status()
    return {
        "entries": [
            {"entry": e, "action": action_label(e.action), "object": object_label(e.object_type)}
            for e in AuditEntry.objects.order_by("-id")[:AUDIT_PAGE]
        ],
        "total": status.sealed,
        "unsealed": status.unsealed,
        "chain_break": status.broken,
    }
