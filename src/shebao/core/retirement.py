"""The statutory retirement age of the 2024 reform (全国人大常委会关于实施渐进式延迟法定退休年龄的决定,
in force from 2025-01-01), as a pure function: no database, so people, records, notify and the batch scans
(benchmarks/bench_retirement_scan.py vectorises the same rule) all ask the same one.

The schedule (the decision's annexed tables 1-3):
- men, originally 60: one month later for every 4 months of birth from January 1965, up to 63
  (1965-01..1965-04: 60 years 1 month; born 1976-09 and later: 63);
- women in cadre posts, originally 55: one month per 4 months of birth from January 1970, up to 58
  (1981-09 and later: 58);
- women workers, originally 50: one month per 2 months of birth from January 1975, up to 55
  (1984-11 and later: 55).
The retirement month is the birth month plus the age. The minimum contribution for a monthly pension is 15
years for a retirement until 2029 and 6 months more each year from 2030 (2030: 15.5 ... 2039 on: 20).
A person may retire up to 3 years before the new age, never before the original one (if the minimum
contribution is met), and up to 3 years after it by agreement with the employer.

Months are counted as integers `year * 12 + (month - 1)` so the vectorised scan uses the same arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Category(StrEnum):
    MALE = "male"
    FEMALE_CADRE = "female_cadre"
    FEMALE_WORKER = "female_worker"


@dataclass(frozen=True)
class Schedule:
    original_years: int
    first_birth: int  # month index of the first birth month whose age rises
    months_per_step: int  # months of birth per one month more
    max_extra: int  # months added at most


def month_index(year: int, month: int) -> int:
    return year * 12 + (month - 1)


def index_to_ym(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


SCHEDULES: dict[Category, Schedule] = {
    Category.MALE: Schedule(60, month_index(1965, 1), 4, 36),
    Category.FEMALE_CADRE: Schedule(55, month_index(1970, 1), 4, 36),
    Category.FEMALE_WORKER: Schedule(50, month_index(1975, 1), 2, 60),
}

FLEX_MONTHS = 36  # earlier (never before the original age) or later by agreement
MIN_CONTRIBUTION_BASE = Decimal(15)
MIN_CONTRIBUTION_MAX = Decimal(20)
MIN_CONTRIBUTION_FIRST_RISE = 2030


def extra_months(category: Category, birth: int) -> int:
    """Months added to the original age for a birth month (a month index)."""
    schedule = SCHEDULES[category]
    if birth < schedule.first_birth:
        return 0
    step = (birth - schedule.first_birth) // schedule.months_per_step + 1
    return min(step, schedule.max_extra)


def min_contribution_years(retirement_year: int) -> Decimal:
    """Years of contribution a monthly pension needs, by the year of retirement."""
    if retirement_year < MIN_CONTRIBUTION_FIRST_RISE:
        return MIN_CONTRIBUTION_BASE
    rise = Decimal("0.5") * (retirement_year - MIN_CONTRIBUTION_FIRST_RISE + 1)
    return min(MIN_CONTRIBUTION_BASE + rise, MIN_CONTRIBUTION_MAX)


@dataclass(frozen=True)
class RetirementAge:
    age_years: int
    age_months: int
    retire_on: int  # month index
    original_age_years: int
    min_contribution_years: Decimal
    earliest_on: int  # month index
    latest_on: int  # month index

    def as_dict(self) -> dict:
        return {
            "age_years": self.age_years,
            "age_months": self.age_months,
            "retire_on": format_month(self.retire_on),
            "original_age_years": self.original_age_years,
            "min_contribution_years": float(self.min_contribution_years),
            "earliest_on": format_month(self.earliest_on),
            "latest_on": format_month(self.latest_on),
        }


def format_month(index: int) -> str:
    year, month = index_to_ym(index)
    return f"{year:04d}-{month:02d}"


def retirement_age(category: Category | str, birth_year: int, birth_month: int) -> RetirementAge:
    """The statutory retirement age and month of a person born in that month, with the voluntary window."""
    category = Category(category)
    if not 1 <= birth_month <= 12:
        raise ValueError("birth_month must be 1..12")
    schedule = SCHEDULES[category]
    birth = month_index(birth_year, birth_month)
    age = schedule.original_years * 12 + extra_months(category, birth)
    retire_on = birth + age
    original_on = birth + schedule.original_years * 12
    return RetirementAge(
        age_years=age // 12,
        age_months=age % 12,
        retire_on=retire_on,
        original_age_years=schedule.original_years,
        min_contribution_years=min_contribution_years(index_to_ym(retire_on)[0]),
        earliest_on=max(original_on, retire_on - FLEX_MONTHS),
        latest_on=retire_on + FLEX_MONTHS,
    )


CATEGORY_CODES = {Category.MALE: 0, Category.FEMALE_CADRE: 1, Category.FEMALE_WORKER: 2}


def retirement_month_sql(category: str, birth: str) -> str:
    """The same rule as one SQL expression for a columnar engine (DuckDB, Spark SQL): the statutory
    retirement month index from a category code column (CATEGORY_CODES) and a birth month index column.
    Built from SCHEDULES, so the batch scans and this module cannot drift apart."""
    arms = []
    for cat, code in CATEGORY_CODES.items():
        s = SCHEDULES[cat]
        extra = (
            f"CASE WHEN {birth} < {s.first_birth} THEN 0 "
            f"ELSE least(({birth} - {s.first_birth}) // {s.months_per_step} + 1, {s.max_extra}) END"
        )
        arms.append(f"WHEN {category} = {code} THEN {birth} + {s.original_years * 12} + {extra}")
    return f"(CASE {' '.join(arms)} END)"
