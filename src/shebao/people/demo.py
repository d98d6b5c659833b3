"""The demo municipality's people: persons with valid documents of every type, employers, insurance
records and benefit recipients, generated deterministically from the seed.

`SHOWCASE` is a fixed cast that browser tests and demos rely on; its numbers are the module constants below.
Everything else is random but reproducible (random.Random(rng_seed)); ages and due dates are counted from
REFERENCE_DATE, not from today, so the same seed gives the same rows on any day.
Seeding is idempotent: the showcase pensioner's document is the "already seeded" marker.
"""

import random
import tomllib
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from importlib.resources import files

from django.conf import settings
from django.db import transaction
from stdnum.cn import ric, uscc

from shebao.core.audit import log_action
from shebao.core.demo import chongqing_districts
from shebao.core.idcards import DocType, validate_id, validate_uscc
from shebao.core.models import Agency, AgencyLevel
from shebao.people.demo_showcase import (
    ACTIVE,
    CENTRAL_DISTRICTS,
    EP,
    MOBILE_PREFIXES,
    ORG_CODE_WEIGHTS,
    PAID,
    REFERENCE_DATE,
    RP,
    SHOWCASE,
    SHOWCASE_EMPLOYER_CODE,
    SHOWCASE_EMPLOYER_NAME,
    SHOWCASE_RESIDENT_ID,
    STOPPED,
    SUSPENDED,
    UN,
    WI,
)
from shebao.people.models import (
    BenefitType,
    Employer,
    IdentityDocument,
    InsuranceRecord,
    Person,
    Post,
    Recipient,
    RecordStatus,
)

BATCH_SIZE = 1000


def woman_post(name: str, birth: date) -> str:
    """A demo woman's post from her file: about 3 in 10 cadre, 5 in 10 worker, the rest not yet checked.
    From a checksum of her name and birth, not the generator's random numbers, so the rest of the demo
    draws the same numbers it always did."""
    roll = zlib.crc32(f"{name}{birth}".encode()) % 10
    return Post.CADRE if roll < 3 else Post.WORKER if roll < 8 else ""


@dataclass
class Pools:
    surnames: list[str]
    surname_weights: list[float]
    given: dict[str, list[str]]
    rare: list[dict]
    minority: list[dict]
    foreigners: list[dict]
    other_provinces: list[str]
    abolished: dict[str, str]
    employers: dict[str, list[str]]
    roads: list[str]


def load_pools() -> Pools:
    raw = tomllib.loads((files("shebao.core") / "data" / "demo_people.toml").read_text(encoding="utf-8"))
    surnames = raw["surnames"].split()
    return Pools(
        surnames=surnames,
        surname_weights=[1 / (rank + 4) for rank in range(len(surnames))],
        given={key: value.split() for key, value in raw["given_names"].items()},
        rare=raw["rare_names"],
        minority=raw["minority_names"],
        foreigners=raw["foreigners"],
        other_provinces=raw["regions"]["other_provinces"].split(),
        abolished=raw["regions"]["abolished"],
        employers={key: raw["employers"][key].split() for key in ("brands", "industries", "banks", "shops")},
        roads=raw["roads"].split(),
    )


# --- Document numbers -------------------------------------------------------------------------------------
def with_check_digit(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "?")


def org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714): 8 digits and its check character."""
    body = f"{rng.randrange(10**8):08d}"
    check = 11 - sum(int(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, prefix: str, region: str) -> str:
    """A unified social credit code (GB 32100-2015): registering office and kind, region, organisation
    code, and the MOD 31 check character."""
    body = prefix + region + org_code(rng)
    return body + uscc.calc_check_digit(body)


@dataclass
class Plan:
    """Everything to insert, built in memory first so the inserts are a few bulk statements."""

    persons: list[Person] = field(default_factory=list)
    documents: list[IdentityDocument] = field(default_factory=list)
    records: list[InsuranceRecord] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    employers: list[Employer] = field(default_factory=list)
    used_numbers: set[tuple[str, str]] = field(default_factory=set)

    def document(self, person: Person, doc_type: str, number: str, primary: bool = True) -> None:
        check = validate_id(doc_type, number)
        if not (check.valid and check.number == number):  # a generator bug: never store a bad number
            raise ValueError(f"generated an invalid {doc_type}: {number} ({check.error_code})")
        self.used_numbers.add((doc_type, number))
        self.documents.append(
            IdentityDocument(person=person, doc_type=doc_type, number=number, primary=primary)
        )


def seed(*, rng_seed: int, stdout) -> None:
    if IdentityDocument.objects.filter(doc_type=DocType.RESIDENT_ID, number=SHOWCASE_RESIDENT_ID).exists():
        stdout.write("  people: already seeded")
        return
    agencies = {a.code: a for a in Agency.objects.filter(level=AgencyLevel.DISTRICT, code__startswith="50")}
    total = max(settings.SHEBAO["DEMO_PERSONS"], len(SHOWCASE))
    plan = Plan()
    generator = Generator(random.Random(rng_seed), load_pools(), agencies, plan)
    generator.add_showcase()
    generator.add_employers(max(12, total // 20))
    generator.add_random_persons(total - len(SHOWCASE))
    with transaction.atomic():
        counts = save(plan)
        log_action("people.demo.seeded", data=counts)
    stdout.write("  people: " + ", ".join(f"{n} {what}" for what, n in counts.items()))


def save(plan: Plan) -> dict[str, int]:
    # Order matters: bulk_create sets the primary keys the later rows point to.
    Employer.objects.bulk_create(plan.employers, batch_size=BATCH_SIZE)
    Person.objects.bulk_create(plan.persons, batch_size=BATCH_SIZE)
    for rows in (plan.documents, plan.records, plan.recipients):
        type(rows[0]).objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return {
        "persons": len(plan.persons),
        "documents": len(plan.documents),
        "employers": len(plan.employers),
        "records": len(plan.records),
        "recipients": len(plan.recipients),
    }


def district_names() -> dict[str, str]:
    return {d.code: d.name for d in chongqing_districts()}


def is_valid_credit_code(code: str) -> bool:
    return validate_uscc(code)[0]


def money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def due_date(days: int) -> date:
    return REFERENCE_DATE + timedelta(days=days)


# --- The generator --------------------------------------------------------------------------------------
class Generator:
    def __init__(self, rng: random.Random, pools: Pools, agencies: dict[str, Agency], plan: Plan):
        self.rng, self.pools, self.agencies, self.plan = rng, pools, agencies, plan
        self.names = district_names()
        codes = sorted(agencies)
        self.district_codes = codes
        self.district_weights = [4 if code in CENTRAL_DISTRICTS else 1 for code in codes]

    def district(self) -> str:
        return self.rng.choices(self.district_codes, weights=self.district_weights)[0]

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def address(self, district: str) -> str:
        return f"重庆市{self.names[district]}{self.rng.choice(self.pools.roads)}{self.rng.randint(1, 300)}号"

    def add_showcase(self) -> None:
        for spec in SHOWCASE:
            person = Person(
                name=spec.name,
                sex=spec.sex,
                birth_date=spec.birth,
                nationality=spec.nationality,
                phone=spec.phone,
                address=self.address(spec.agency),
            )
            self.plan.persons.append(person)
            for index, (doc_type, number) in enumerate(spec.documents):
                self.plan.document(person, doc_type, number, primary=index == 0)
            agency = self.agencies[spec.agency]
            employer = self.showcase_employer() if spec.at_employer else None
            for insurance_type, status, start in spec.records:
                self.record(person, insurance_type, agency, start, status=status, employer=employer)
            for benefit_type, status, amount, start, due_in in spec.benefits:
                self.plan.recipients.append(
                    Recipient(
                        person=person,
                        benefit_type=benefit_type,
                        home_agency=agency,
                        monthly_amount=Decimal(amount),
                        start_date=start,
                        next_certification_due=due_date(due_in),
                        status=status,
                    )
                )

    def showcase_employer(self) -> Employer:
        if not self.plan.employers:
            self.plan.employers.append(
                Employer(
                    credit_code=SHOWCASE_EMPLOYER_CODE,
                    name=SHOWCASE_EMPLOYER_NAME,
                    home_agency=self.agencies["500105"],
                    address="重庆市江北区金渝大道88号",
                )
            )
        return self.plan.employers[0]

    def record(self, person, insurance_type, agency, start, *, status=ACTIVE, employer=None) -> None:
        self.plan.records.append(
            InsuranceRecord(
                person=person,
                insurance_type=insurance_type,
                employer=employer,
                home_agency=agency,
                status=status,
                start_date=start,
            )
        )

    # --- Employers ----------------------------------------------------------------------------------------
    def add_employers(self, count: int) -> None:
        self.showcase_employer()
        names = {e.name for e in self.plan.employers}
        codes = {e.credit_code for e in self.plan.employers}
        while len(self.plan.employers) < count:
            district = self.district()
            name, prefix = self.employer_name(district)
            code = credit_code(self.rng, prefix, district)
            if name in names or code in codes:
                continue
            if not is_valid_credit_code(code):
                raise ValueError(f"generated an invalid credit code: {code}")
            names.add(name)
            codes.add(code)
            self.plan.employers.append(
                Employer(
                    credit_code=code,
                    name=name,
                    home_agency=self.agencies[district],
                    address=self.address(district),
                )
            )

    def employer_name(self, district: str) -> tuple[str, str]:
        """A name and the first two characters of its credit code (9: market regulator; 1: company,
        2: sole trader; 12: public institution registered by the staffing office)."""
        pools, rng, place = self.pools.employers, self.rng, self.names[district]
        roll = rng.random()
        if roll < 0.70:
            return f"重庆{rng.choice(pools['brands'])}{rng.choice(pools['industries'])}", "91"
        if roll < 0.80:
            return f"{rng.choice(pools['banks'])}股份有限公司重庆{place}支行", "91"
        if roll < 0.88:
            unit = rng.choice(
                ["人民医院", "中医院", "妇幼保健院", "第一中学", "实验小学", "社区卫生服务中心"]
            )
            return f"重庆市{place}{unit}", "12"
        surname = rng.choice(self.pools.surnames[:30])
        return f"{place}{surname}记{rng.choice(pools['shops'])}", "92"

    # --- Persons ------------------------------------------------------------------------------------------
    def add_random_persons(self, count: int) -> None:
        for _ in range(count):
            elderly = self.rng.random() < 0.40
            age = round(self.rng.triangular(60, 95, 63)) if elderly else self.rng.randint(18, 59)
            birth = date(REFERENCE_DATE.year - age - 1, 1, 1) + timedelta(days=self.rng.randrange(365))
            # About 1 in 170 working-age persons holds no mainland resident ID.
            if not elderly and self.rng.random() < 0.006:
                self.add_non_resident(birth)
            else:
                self.add_person(birth, age)

    def add_non_resident(self, birth: date) -> None:
        """A Hong Kong, Macau or Taiwan resident, or a foreigner, working in Chongqing."""
        rng, plan = self.rng, self.plan
        roll = rng.random()
        entry = rng.choice(self.pools.foreigners)
        sex = entry["sex"] if roll >= 0.7 else rng.choice("MF")
        name = entry["name"] if roll >= 0.7 else self.han_name(sex, birth)
        home = self.district()
        person = Person(
            name=name,
            sex=sex,
            birth_date=birth,
            nationality=entry["nationality"] if roll >= 0.7 else "CHN",
            phone=self.phone(),
            address=self.address(home),
        )
        plan.persons.append(person)
        if roll < 0.5:  # Hong Kong or Macau: residence permit, and the travel permit everyone has
            region, letter = rng.choice((("810000", "H"), ("820000", "M")))
            plan.document(person, DocType.HK_MACAU_RESIDENCE_PERMIT, self.unused_id18(region, birth, sex))
            permit = self.unused(
                DocType.HK_MACAU_TRAVEL_PERMIT, lambda: f"{letter}{rng.randrange(10**8):08d}"
            )
            plan.document(person, DocType.HK_MACAU_TRAVEL_PERMIT, permit, primary=False)
        elif roll < 0.6:
            plan.document(person, DocType.TAIWAN_RESIDENCE_PERMIT, self.unused_id18("830000", birth, sex))
        elif roll < 0.7:
            permit = self.unused(DocType.TAIWAN_TRAVEL_PERMIT, lambda: f"{rng.randrange(10**8):08d}")
            plan.document(person, DocType.TAIWAN_TRAVEL_PERMIT, permit)
        else:  # a foreigner: a passport, and for some the 2023 permanent residence ID
            has_pr = rng.random() < 0.5
            if has_pr:  # 9, the issuing province (50: Chongqing), the numeric nationality code
                region = "950" + entry["numeric"]
                number = self.unused_id18(region, birth, sex, doc=DocType.FOREIGN_PERMANENT_RESIDENCE)
                plan.document(person, DocType.FOREIGN_PERMANENT_RESIDENCE, number)
            passport = self.unused(
                DocType.PASSPORT, lambda: f"{rng.choice('ABEGKMP')}{rng.randrange(10**8):08d}"
            )
            plan.document(person, DocType.PASSPORT, passport, primary=not has_pr)
        self.add_insured(person, self.agencies[home], birth)

    def unused(self, doc_type: str, make) -> str:
        while True:
            number = make()
            if (doc_type, number) not in self.plan.used_numbers:
                return number

    def unused_id18(self, region: str, birth: date, sex: str, doc: str = DocType.RESIDENT_ID) -> str:
        """An 18-character number in the resident-ID layout whose sequence digit matches the sex."""
        parity = 1 if sex == "M" else 0
        return self.unused(
            doc, lambda: with_check_digit(f"{region}{birth:%Y%m%d}{self.rng.randrange(500) * 2 + parity:03d}")
        )

    def add_person(self, birth: date, age: int) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.004:
            name, sex, region = self.minority_name()
        else:
            sex = rng.choice("MF")
            name, region = self.han_name(sex, birth), self.region(birth)
        home = self.pools.abolished.get(region, region)
        home = home if home in self.agencies else self.district()
        elderly = age >= 60
        no_phone = elderly and rng.random() < 0.12 * (age - 55) / 10  # the very old often have none
        person = Person(
            name=name,
            sex=sex,
            birth_date=birth,
            phone="" if no_phone else self.phone(),
            address=self.address(home),
            post=woman_post(name, birth) if sex == "F" else "",
        )
        self.plan.persons.append(person)
        self.add_documents(person, region, birth, sex)
        agency = self.agencies[home]
        if elderly:
            self.add_pensioner(person, agency, birth, sex)
        else:
            self.add_insured(person, agency, birth)

    def han_name(self, sex: str, birth: date) -> str:
        rng = self.rng
        if rng.random() < 0.004:
            rare = [r["name"] for r in self.pools.rare if r["sex"] == sex]
            return rng.choice(rare)
        era = "old" if birth.year < 1965 else "mid" if birth.year < 1990 else "young"
        given = self.pools.given[f"{era}_{'male' if sex == 'M' else 'female'}"]
        surname = rng.choices(self.pools.surnames, weights=self.pools.surname_weights)[0]
        return surname + rng.choice(given)

    def minority_name(self) -> tuple[str, str, str]:
        entry = self.rng.choice(self.pools.minority)
        return entry["name"], entry["sex"], entry["region"]

    def region(self, birth: date) -> str:
        roll = self.rng.random()
        if roll < 0.07:
            return self.rng.choice(self.pools.other_provinces)
        # Numbers issued before 1997 carry Sichuan-era or since-abolished county codes.
        if roll < 0.15 and birth.year < 1990:
            return self.rng.choice(sorted(self.pools.abolished))
        return self.district()

    def add_documents(self, person: Person, region: str, birth: date, sex: str) -> None:
        rng, plan = self.rng, self.plan
        while True:
            sequence = rng.randrange(500) * 2 + (1 if sex == "M" else 0)
            number = with_check_digit(f"{region}{birth:%Y%m%d}{sequence:03d}")
            if (DocType.RESIDENT_ID, number) not in plan.used_numbers:
                break
        old = f"{region}{birth:%y%m%d}{sequence:03d}"
        roll = rng.random()
        if birth.year < 1980 and roll < 0.002:
            plan.used_numbers.add((DocType.RESIDENT_ID, number))  # the same person: keep it unused
            plan.document(person, DocType.RESIDENT_ID_15, old)
            return
        plan.document(person, DocType.RESIDENT_ID, number)
        if birth.year < 1980 and roll < 0.04:
            plan.document(person, DocType.RESIDENT_ID_15, old, primary=False)

    # --- Insurance and benefits -----------------------------------------------------------------------------
    def add_insured(self, person: Person, agency: Agency, birth: date) -> None:
        rng = self.rng
        first = add_years(birth, rng.randint(18, 24)) + timedelta(days=rng.randrange(365))
        first = min(max(first, date(1995, 1, 1)), REFERENCE_DATE - timedelta(days=30)).replace(day=1)
        status = ACTIVE if rng.random() < 0.92 else rng.choice((RecordStatus.SUSPENDED, STOPPED))
        roll = rng.random()
        if roll < 0.62:  # an employee: pension, and usually work-injury and unemployment insurance
            employer = rng.choice(self.plan.employers)
            self.record(person, EP, agency, first, status=status, employer=employer)
            if rng.random() < 0.9:  # work-injury insurance exists since 2004
                self.record(
                    person, WI, agency, max(first, date(2004, 1, 1)), status=status, employer=employer
                )
            if rng.random() < 0.85:
                self.record(
                    person, UN, agency, max(first, date(1999, 2, 1)), status=status, employer=employer
                )
        elif roll < 0.77:  # a flexible worker (灵活就业) pays the employees' pension alone
            self.record(person, EP, agency, first, status=status)
        elif roll < 0.95:  # rural and urban residents' pension, since 2010 in Chongqing
            self.record(person, RP, agency, max(first, date(2010, 1, 1)), status=status)

    def add_pensioner(self, person: Person, agency: Agency, birth: date, sex: str) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.58:
            retirement_age = 60 if sex == "M" else rng.choice((50, 55))
            first_job = max(date(1986, 1, 1), add_years(birth, rng.randint(18, 25)).replace(day=1))
            self.record(person, EP, agency, first_job, status=STOPPED)
            start = next_month(add_years(birth, retirement_age))
            self.benefit(
                person, BenefitType.EMPLOYEE_PENSION, agency, rng.triangular(1800, 6500, 3000), start
            )
        elif roll < 0.93:
            start = max(date(2010, 1, 1), next_month(add_years(birth, 60)))
            self.record(person, RP, agency, date(2010, 1, 1), status=STOPPED)
            self.benefit(person, BenefitType.RESIDENT_PENSION, agency, rng.triangular(150, 600, 190), start)
        if sex == "F" and rng.random() < 0.04:  # a widow paid a survivor benefit
            start = date(rng.randint(2005, REFERENCE_DATE.year - 1), rng.randint(1, 12), 1)
            self.benefit(person, BenefitType.SURVIVOR, agency, rng.uniform(500, 1300), start)

    def benefit(self, person: Person, benefit_type: str, agency: Agency, yuan: float, start: date) -> None:
        # A few missed their yearly certification: payment suspended, due date passed.
        suspended = self.rng.random() < 0.03
        due = due_date(-self.rng.randint(1, 90) if suspended else self.rng.randint(1, 365))
        self.plan.recipients.append(
            Recipient(
                person=person,
                benefit_type=benefit_type,
                home_agency=agency,
                monthly_amount=money(round(yuan * 100)),
                start_date=min(start, REFERENCE_DATE.replace(day=1)),
                next_certification_due=due,
                status=SUSPENDED if suspended else PAID,
            )
        )


def add_years(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=28 if (day.month, day.day) == (2, 29) else day.day)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
