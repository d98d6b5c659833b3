"""Reads for the shell pages, scoped to what the staff member may see."""

from shebao.core.audit import verify_chain
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
    return {
        "entries": list(AuditEntry.objects.order_by("-seq")[:AUDIT_PAGE]),
        "total": AuditEntry.objects.count(),
        "chain_break": verify_chain(),
    }
