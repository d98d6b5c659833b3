"""Reads of the ledger shared by the API and (next) the statements, scoped to what the caller may see."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from shebao.core.errors import NotFound
from shebao.core.permissions import can
from shebao.people.models import Person
from shebao.people.proxies import is_bound
from shebao.records.account import Account, Credit, account
from shebao.records.models import CREDITED_STATES, BenefitPayment, ContributionMonth, InterestRate, Scheme


def crediting_rates() -> dict[int, Decimal]:
    """{year: rate as a fraction} from the table the administrator maintains."""
    return {year: pct / 100 for year, pct in InterestRate.objects.values_list("year", "rate_percent")}


def account_credits(person: Person) -> list[Credit]:
    """What reached the person's individual account: the account share of each paid month of the
    enterprise employees' pension (arrears not yet, refunded months no more)."""
    rows = ContributionMonth.objects.filter(
        person=person, scheme=Scheme.EMPLOYEE_PENSION, state__in=CREDITED_STATES, account_amount__gt=0
    ).values_list("month", "account_amount")
    return [Credit(month, amount) for month, amount in rows]


def person_account(person: Person, *, until: date) -> Account:
    return account(account_credits(person), crediting_rates(), until=until)


def person_for_records(*, person_id: int, user=None, citizen: Person | None = None) -> Person:
    """The person whose records are asked for, if the caller may read them: staff by the rule
    records.person.read (audited by the caller's read), a citizen for themself or for a person bound to
    them (people.proxies). Anything else is answered as if the person did not exist."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound()
    if citizen is not None:
        if person.pk == citizen.pk or is_bound(proxy=citizen, principal=person):
            return person
        raise NotFound()
    if not can(user, "records.person.read", person):
        raise NotFound()
    return person


def add_months(month: date, n: int) -> date:
    """The first day of the month `n` months after `month`'s (before it when `n` is negative)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    return date.fromordinal(add_months(month, 1).toordinal() - 1)


def month_range(start: date | None, end: date | None) -> Q:
    q = Q()
    if start is not None:
        q &= Q(month__gte=start)
    if end is not None:
        q &= Q(month__lte=end)
    return q


def contribution_lines(person: Person, *, start: date | None, end: date | None) -> list[ContributionMonth]:
    return list(
        ContributionMonth.objects.filter(month_range(start, end), person=person)
        .select_related("employer")
        .order_by("month", "scheme", "employer_id")
    )


def payment_lines(person: Person, *, start: date | None, end: date | None) -> list[BenefitPayment]:
    return list(
        BenefitPayment.objects.filter(month_range(start, end), recipient__person=person)
        .select_related("recipient")
        .order_by("month", "recipient_id", "part")
    )


def pension_contribution_months(person: Person) -> int:
    """Months the person has paid into the enterprise employees' pension (paid or paid late; arrears and
    refunded months do not count), each calendar month once whoever paid it: the contribution years
    that the minimum for a monthly pension is measured against."""
    return (
        ContributionMonth.objects.filter(
            person=person, scheme=Scheme.EMPLOYEE_PENSION, state__in=CREDITED_STATES
        )
        .values("month")
        .distinct()
        .count()
    )


def flexible_arrears() -> list[dict]:
    """Flexible workers (the person pays, no employer) with months in arrears: per person the first and
    last month owed and the amount (the personal share they pay), for the daily arrears scan."""
    from django.db.models import Max, Min, Sum

    from shebao.records.models import ContributionState

    return list(
        ContributionMonth.objects.filter(state=ContributionState.ARREARS, employer__isnull=True)
        .values("person_id")
        .annotate(first=Min("month"), last=Max("month"), amount=Sum("personal_amount"))
        .order_by("person_id")
    )


def contributions_stopped(month: date) -> list[dict]:
    """Employees whose employer reported `month` without them: paid for by an employer the month before,
    nothing at all for `month` (not even as a flexible worker), and that employer's file for `month` has
    arrived (it reported others), so a file not yet sent is never taken for a stop. For the notices'
    insurance-stopped scan: person, employer and the employer's name."""
    before = (month - timedelta(days=1)).replace(day=1)
    pension = ContributionMonth.objects.filter(scheme=Scheme.EMPLOYEE_PENSION)
    # Subqueries: the database compares the months, nothing is read into the process.
    reported = pension.filter(month=month, employer__isnull=False).values("employer_id")
    continued = pension.filter(month=month).values("person_id")
    return list(
        pension.filter(month=before, employer__isnull=False, employer_id__in=reported)
        .exclude(person_id__in=continued)
        .values("person_id", "employer_id", "employer__name")
        .order_by("person_id")
    )
