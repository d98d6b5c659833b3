"""The certification cycle's daily work (core.jobs runs it hourly in the daytime; it is idempotent: an
overdue recipient is noted once per due date, and a suspended one is not suspended again)."""

from shebao.certification.cycle import cycle_run
from shebao.core.jobs import job


@job("certification.cycle", every_minutes=60, daytime_only=True)
def certification_cycle() -> dict[str, int]:
    return cycle_run()
