"""Statutory time limits (法定时限), kept apart from the promised limit (承诺时限,
ItemVersion.time_limit_days, always working days). A statutory limit may be in calendar
days (work-injury recognition: 60 days, 《工伤保险条例》 art. 20), which 40 working days
can overrun around the Spring Festival; a case's deadline is the earlier of the two
(RULES.md, working days). The table lives in data/statutory_limits.csv, one row per item
whose regulation sets a limit, with the provision it rests on."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from shebao.core import workdays

DATA = Path(__file__).parent / "data" / "statutory_limits.csv"
WORKING, CALENDAR = "working", "calendar"


@dataclass(frozen=True)
class StatutoryLimit:
    days: int
    unit: str  # WORKING or CALENDAR
    basis: str

    def deadline(self, start: date) -> date:
        """Counted from the day after `start` (民法典 art. 201). Calendar days ending on a day off end on
        the next working day instead (民法典 art. 203). An unknown year counts provisionally (weekdays)."""
        if self.unit == WORKING:
            return workdays.add_working_days_provisional(start, self.days)[0]
        end = start + timedelta(days=self.days)
        while not workdays.is_working_day_or_weekday(end):
            end += timedelta(days=1)
        return end


@functools.cache  # a file shipped with the code: read once per process
def statutory_limits() -> dict[str, StatutoryLimit]:
    with DATA.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    limits = {}
    for row in rows:
        if row["unit"] not in (WORKING, CALENDAR) or int(row["days"]) <= 0 or not row["basis"].strip():
            raise ValueError(f"statutory_limits.csv: bad row for {row['code']}")
        limits[row["code"]] = StatutoryLimit(int(row["days"]), row["unit"], row["basis"].strip())
    return limits


def statutory_limit(code: str) -> StatutoryLimit | None:
    return statutory_limits().get(code)
