"""The daily scans: who is to be told today, found from the people and records data (through their
selectors and models, never another app's events), each a notice of the scans' scenarios. A scan may run
any number of times a day, or two at once: the notice's unique key (scenario, person, period) sends once.

    python -m shebao scan-notices --date 2026-12-03      # and the job notify.daily_scan
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

from django.db.models import Q
from django.utils import timezone

from shebao.core.jobs import job
from shebao.core.retirement import SCHEDULES, Category, format_month, month_index, retirement_age
from shebao.notify.models import Scenario, Trigger
from shebao.notify.services import Wanted, notices_create
from shebao.people.models import Person, Post, Recipient, RecordStatus

logger = logging.getLogger(__name__)


@dataclass
class Found:
    person: Person
    period: str
    data: dict = field(default_factory=dict)


Scan = Callable[[date, Scenario], Iterator[Found]]
_SCANS: dict[str, Scan] = {}


def scan(name: str) -> Callable[[Scan], Scan]:
    def register(func: Scan) -> Scan:
        _SCANS[name] = func
        return func

    return register


def scan_names() -> list[str]:
    return sorted(_SCANS)


def category_of(person: Person) -> Category:
    """Men by the male schedule; a woman by her post, as a worker while it is not known (the earlier age:
    told early rather than late; the notice says to check)."""
    if person.sex == "M":
        return Category.MALE
    return Category.FEMALE_CADRE if person.post == Post.CADRE else Category.FEMALE_WORKER


# Who each schedule applies to: the persons of each category, as a filter of Person.
CATEGORY_FILTERS = {
    Category.MALE: Q(sex="M"),
    Category.FEMALE_CADRE: Q(sex="F", post=Post.CADRE),
    Category.FEMALE_WORKER: Q(sex="F") & ~Q(post=Post.CADRE),
}


def births_retiring_in(category: Category, target: int) -> int | None:
    """The birth month (index) whose statutory retirement month is `target`; birth + age rises strictly
    with birth, so at most one, and none when the schedule jumps over it."""
    schedule = SCHEDULES[category]
    oldest = target - (schedule.original_years * 12 + schedule.max_extra)
    for birth in range(oldest, target - schedule.original_years * 12 + 1):
        if retirement_age(category, birth // 12, birth % 12 + 1).retire_on == target:
            return birth
    return None


def _month_bounds(index: int) -> tuple[date, date]:
    year, month = index // 12, index % 12 + 1
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


NOTICE_BATCH = 2000
INSURED = {"records__insurance_type": "employee_pension", "records__status": RecordStatus.ACTIVE}


def _retirement_items(day: date) -> str:
    from shebao.catalog.selectors import bundle_detail
    from shebao.core.errors import ApplicationError

    try:
        view = bundle_detail("retirement", day=day)
    except ApplicationError:
        return ""
    return "、".join(guide.item.name for guide in view.guides)


@scan("retirement_due")
def retirement_due(day: date, scenario: Scenario) -> Iterator[Found]:
    """Persons insured in the employees' pension who reach retirement age in the month `lead_days` ahead."""
    ahead = day + timedelta(days=scenario.lead_days)
    target = month_index(ahead.year, ahead.month)
    items = _retirement_items(day)
    for category, persons_of in CATEGORY_FILTERS.items():
        birth = births_retiring_in(category, target)
        if birth is None:
            continue
        first, last = _month_bounds(birth)
        persons = Person.objects.filter(persons_of, birth_date__range=(first, last), **INSURED).distinct()
        for person in persons:
            answer = retirement_age(category, birth // 12, birth % 12 + 1)
            yield Found(person, format_month(target), {
                "retire_on": format_month(target),
                "age": f"{answer.age_years}/{answer.age_months}",
                "age_years": answer.age_years,
                "age_months": answer.age_months,
                "items": items or "-",
            })  # fmt: skip


@scan("retirement_unclaimed")
def retirement_unclaimed(day: date, scenario: Scenario) -> Iterator[Found]:
    """Past their statutory retirement month, still insured, and no employees' pension claimed: told once
    a quarter."""
    today = month_index(day.year, day.month)
    quarter = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    for category, persons_of in CATEGORY_FILTERS.items():
        candidates = Person.objects.filter(persons_of, birth_date__isnull=False, **INSURED)
        candidates = candidates.exclude(
            benefits__in=Recipient.objects.filter(benefit_type="employee_pension")
        )
        youngest = date(day.year - SCHEDULES[category].original_years, day.month, 1)
        for person in candidates.filter(birth_date__lt=youngest).distinct():
            answer = retirement_age(category, person.birth_date.year, person.birth_date.month)
            if answer.retire_on < today:
                yield Found(person, quarter, {"retire_on": format_month(answer.retire_on)})


@scan("insurance_stopped")
def insurance_stopped(day: date, scenario: Scenario) -> Iterator[Found]:
    """Employees their employer stopped paying for last month (its file came without them): what they can
    do now, before they find out at a window (seed 001: stopped insurance is notified)."""
    from shebao.records.selectors import contributions_stopped

    month = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
    rows = contributions_stopped(month)
    persons = Person.objects.in_bulk([row["person_id"] for row in rows])
    for row in rows:
        person = persons.get(row["person_id"])
        if person is not None:
            yield Found(
                person, f"{month:%Y-%m}", {"month": f"{month:%Y-%m}", "employer": row["employer__name"]}
            )


@scan("contribution_arrears")
def contribution_arrears(day: date, scenario: Scenario) -> Iterator[Found]:
    """Flexible workers with months in arrears: how much, which months, pay by the end of next month."""
    from shebao.records.selectors import flexible_arrears

    next_month = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    pay_by = next_month.replace(day=calendar.monthrange(next_month.year, next_month.month)[1])
    rows = flexible_arrears()
    persons = Person.objects.in_bulk([row["person_id"] for row in rows])
    for row in rows:
        person = persons.get(row["person_id"])
        if person is None:
            continue
        yield Found(person, f"{row['last']:%Y-%m}", {
            "amount": f"{row['amount']:.2f}",
            "from_month": f"{row['first']:%Y-%m}",
            "to_month": f"{row['last']:%Y-%m}",
            "pay_by": pay_by.isoformat(),
        })  # fmt: skip


def _recipients_due(first: date, last: date):
    return Recipient.objects.filter(
        status="active", next_certification_due__range=(first, last)
    ).select_related("person")


@scan("certification_due")
def certification_due(day: date, scenario: Scenario) -> Iterator[Found]:
    """Recipients whose yearly eligibility certification falls due within the lead time."""
    for recipient in _recipients_due(day, day + timedelta(days=scenario.lead_days)):
        due = recipient.next_certification_due
        yield Found(recipient.person, f"{due:%Y-%m-%d}", {"due": due.isoformat()})


@scan("certification_overdue")
def certification_overdue(day: date, scenario: Scenario) -> Iterator[Found]:
    for recipient in _recipients_due(date(1900, 1, 1), day - timedelta(days=1)):
        due = recipient.next_certification_due
        yield Found(recipient.person, f"{due:%Y-%m-%d}", {"due": due.isoformat()})


@scan("annual_statement")
def annual_statement(day: date, scenario: Scenario) -> Iterator[Found]:
    """From the statement day (lead_days into the year), each insured person once a year: last year's
    statement is ready in the portal."""
    if day < date(day.year, 1, 1) + timedelta(days=scenario.lead_days):
        return
    year = day.year - 1
    for person in Person.objects.filter(**INSURED).distinct().iterator():
        yield Found(person, str(year), {"year": year})


def scan_notices(day: date) -> dict[str, int]:
    """Run every active scan scenario for `day`; returns how many notices each wrote (0 on a re-run)."""
    written: dict[str, int] = {}
    for scenario in Scenario.objects.filter(trigger=Trigger.SCAN, active=True):
        func = _SCANS.get(scenario.trigger_name)
        if func is None:
            logger.error("scenario %s names an unknown scan %s", scenario.code, scenario.trigger_name)
            continue
        count = 0
        # Written a batch at a time: the audience's contacts, relatives and opt-outs read once per batch.
        found_so_far = func(day, scenario)
        while batch := list(islice(found_so_far, NOTICE_BATCH)):
            wanted = [Wanted(found.person.pk, found.period, found.data) for found in batch]
            count += len(notices_create(scenario=scenario, wanted=wanted))
        written[scenario.code] = count
    return written


@job("notify.daily_scan", every_minutes=60, daytime_only=True)
def daily_scan() -> dict[str, int]:
    return scan_notices(timezone.localdate())
