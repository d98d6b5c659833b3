"""Which agency decides a case (全城通办): the one holding the applicant's record of the item's insurance
scheme. A work-injury item goes to the work-injury record's agency, an unemployment item to the
unemployment record's, not to whichever record happens to come first."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shebao.catalog.models import Category, ServiceItem
from shebao.core.errors import ValidationFailed
from shebao.core.models import Agency, AgencyLevel
from shebao.people.models import BenefitType, InsuranceType, Person
from shebao.people.selectors import rows_of

# The schemes (insurance records and benefits) whose agency decides an item of a category. Categories not
# listed (registration, records, cards, transfers, certification...) are decided by any record: they
# either open a record or concern the person as a whole.
SCHEMES: dict[str, frozenset[str]] = {
    Category.WORK_INJURY: frozenset({InsuranceType.WORK_INJURY, BenefitType.WORK_INJURY}),
    Category.UNEMPLOYMENT: frozenset({InsuranceType.UNEMPLOYMENT, BenefitType.UNEMPLOYMENT}),
    Category.PENSION: frozenset(
        {
            InsuranceType.EMPLOYEE_PENSION,
            InsuranceType.RESIDENT_PENSION,
            BenefitType.EMPLOYEE_PENSION,
            BenefitType.RESIDENT_PENSION,
        }
    ),
}


def top_agency() -> Agency | None:
    """The agency at the top of the tree (the province's or city's): it takes what has no home below."""
    return Agency.objects.filter(parent__isnull=True).order_by("id").first()


def home_agency_of(person: Person, fallback: Agency, item: ServiceItem | None = None) -> Agency:
    """The agency holding the person's record decides (paying records first, the latest first, then
    benefits). For an item of a scheme only that scheme's record or benefit counts, and a person with
    none is refused; a person insured nowhere applying for any other item (one that opens a record) is
    decided by the agency of their residence, else by `fallback` (the accepting outlet's agency)."""
    schemes = SCHEMES.get(item.category) if item is not None else None
    records = [r for r in rows_of(person, "records") if schemes is None or r.insurance_type in schemes]
    records.sort(key=lambda r: r.start_date, reverse=True)
    record = min(records, key=lambda r: r.status, default=None)  # min keeps the first of a status
    if record is not None:
        return record.home_agency
    # Benefits are read only now: most applicants have a record, and then no benefit is asked for.
    benefits = [b for b in rows_of(person, "benefits") if schemes is None or b.benefit_type in schemes]
    benefit = min(benefits, key=lambda b: b.pk, default=None)
    if benefit is not None:
        return benefit.home_agency
    if schemes is not None and item is not None:
        raise ValidationFailed(
            _(
                "The applicant has no insurance record of the scheme of “%(item)s” (%(scheme)s): its case "
                "is decided by the agency holding that record. Register with the scheme first."
            )
            % {"item": item.name, "scheme": Category(item.category).label},
            fields={"item": _("No record of this item's insurance scheme.")},
            code="no_record_of_scheme",
        )
    return residence_agency(person) or fallback


# How district agencies are named after their district (渝中区社会保险事务中心 → 渝中区).
AGENCY_SUFFIXES = (
    "社会保险事务中心",
    "社会保险事业管理中心",
    "社会保险管理局",
    "社会保险局",
    "社保中心",
    "社保局",
)


def residence_agency(person: Person) -> Agency | None:
    """An item that opens a record (registration) for a person insured nowhere is decided where they live:
    the district agency whose district the person's address names (the longest name that matches, so
    渝中区 never loses to a shorter one), or None when the address names none."""
    address = (person.address or "").replace(" ", "")
    if not address:
        return None
    found: tuple[int, Agency] | None = None
    for agency in Agency.objects.filter(level=AgencyLevel.DISTRICT).only("id", "code", "name", "path"):
        place = next((agency.name.removesuffix(s) for s in AGENCY_SUFFIXES if agency.name.endswith(s)), "")
        if place and place in address and (found is None or len(place) > found[0]):
            found = (len(place), agency)
    return found[1] if found else None
