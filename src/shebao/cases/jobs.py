"""The cases app's background job (core.jobs): deficiency reminders and suspensions (idempotent by day)."""

from shebao.cases import services
from shebao.core.jobs import job

job("cases.reminders", every_minutes=60, daytime_only=True)(services.case_reminders)
