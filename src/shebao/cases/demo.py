"""Demo cases: a review flow for every item, and a few hundred cases accepted over the last weeks at the
Yuzhong hall and the Jiangbei bank point, taken through the real services to every state.

Idempotent: flows are published only for items without one, and cases only when no demo case exists.
The clock is pinned to each past day while its cases are made, so deadlines are real working days.
"""

from __future__ import annotations

import io
import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from shebao.cases import clock, flows, online, services
from shebao.cases.models import Case, OnlineApplication, ReviewFlow, Submission
from shebao.cases.uploads import check_scan
from shebao.catalog.application_form import form_of
from shebao.catalog.models import ServiceItem
from shebao.catalog.selectors import bundle_detail
from shebao.core.errors import ApplicationError
from shebao.core.models import Agency
from shebao.people.demo_showcase import SHOWCASE_EMPLOYER_CODE, SHOWCASE_RESIDENT_ID, SHOWCASE_WORKER_ID
from shebao.people.models import Employer, Person

DEMO_CASES = 360
DAYS_BACK = 30
KEY_PREFIX = "demo-"
ONBOARDING_KEY = "demo-employer-onboarding"  # the employer's bundle for three new staff, made once
DEMO_ONLINE = 8  # online applications waiting at the Yuzhong hall, the showcase pensioner's among them


def _flows() -> int:
    made = 0
    with_flow = set(ReviewFlow.objects.values_list("item_id", flat=True))
    for item in ServiceItem.objects.exclude(pk__in=with_flow).prefetch_related("versions"):
        version = item.versions.order_by("-number").first()
        long_review = item.risk == "high" and version is not None and version.time_limit_days >= 15
        steps = flows.THREE_STEP if long_review else flows.default_steps(item)
        flows.flow_publish(
            item=item, steps=steps, effective_from=timezone.localdate().replace(month=1, day=1)
        )
        made += 1
    return made


def _users():
    users = get_user_model().objects.in_bulk(
        ["teller.hall", "reviewer.yuzhong", "reviewer2.yuzhong", "approver.yuzhong"], field_name="username"
    )
    return users if len(users) == 4 else None


_ITEMS: dict = {}


def _items(day) -> list[ServiceItem]:
    """Items a person may apply for on that day."""
    if day in _ITEMS:
        return _ITEMS[day]
    chosen = []
    for item in ServiceItem.objects.filter(active=True).order_by("code"):
        version = item.version_on(day) if "person" in (item.applicant_types or []) else None
        if version is not None:
            chosen.append(item)
    _ITEMS[day] = chosen
    return chosen


def _pin(day):
    clock.today = lambda: day  # the demo runs alone; restored in seed()


def _progress(rng: random.Random, case: Case, users: dict) -> None:
    """Take a case a random distance along its way, through the services."""
    reviewer, reviewer2, approver = (
        users["reviewer.yuzhong"],
        users["reviewer2.yuzhong"],
        users["approver.yuzhong"],
    )
    fate = rng.random()
    if case.state != "accepted" or fate < 0.25:
        if case.state == "completed" and fate < 0.6:
            services.case_deliver(user=users["teller.hall"], number=case.number)
        return
    step_users = {1: reviewer, 2: reviewer2 if case.steps.count() == 3 else approver, 3: approver}
    for step in case.steps.order_by("position"):
        user = step_users[step.position]
        services.case_claim(user=user, number=case.number)
        roll = rng.random()
        if roll < 0.08:
            services.case_return(
                user=user,
                number=case.number,
                reason="材料复印件不清晰，请重新提供",
                materials=[case.materials.order_by("position").first().key],
                days=5,
            )
            return
        if roll < 0.12:
            services.case_reject(user=user, number=case.number, reason="不符合《社会保险法》规定的申领条件")
            return
        if roll < 0.3 and step.position == 1:
            return  # still being reviewed
        services.case_approve(user=user, number=case.number)
    case.refresh_from_db()
    if case.state == "completed" and rng.random() < 0.5:
        services.case_deliver(user=users["teller.hall"], number=case.number)


def _cases(rng: random.Random, users: dict) -> int:
    yuzhong = Agency.objects.filter(code="500103").first()
    if yuzhong is None:
        return 0
    persons = list(
        Person.objects.filter(
            Q(records__home_agency__path__startswith=yuzhong.path)
            | Q(benefits__home_agency__path__startswith=yuzhong.path)
        )
        .distinct()
        .order_by("id")[:400]
    )
    teller = users["teller.hall"]
    today = timezone.localdate()
    made = 0
    for n in range(DEMO_CASES if persons else 0):
        day = today - timedelta(days=DAYS_BACK - n * DAYS_BACK // DEMO_CASES)
        if day.weekday() >= 5:
            continue
        _pin(day)
        items = _items(day)
        if not items:
            continue
        item = rng.choice(items)
        version = item.version_on(day)
        keys = {m.key for m in version.materials.all() if m.requirement != "optional"}
        deferrable = [m.key for m in version.materials.all() if m.requirement == "deferrable"]
        if deferrable and rng.random() < 0.4:
            keys -= {deferrable[0]}
        try:
            intake = services.case_accept(
                teller=teller,
                person=rng.choice(persons),
                item_code=item.code,
                received=keys,
                answers=_answers(version, n, day),
                idempotency_key=f"{KEY_PREFIX}{n}",
            )
            at = timezone.make_aware(datetime.combine(day, time(9 + n % 8, (n * 7) % 60)))
            Case.objects.filter(pk=intake.case.pk).update(accepted_at=at)
            _progress(rng, intake.case, users)
        except ApplicationError:
            continue  # e.g. an item this teller's hall may not accept: skip it, as a teller would
        made += 1
    return made


DEMO_TEXTS = {"bank_name": "重庆农村商业银行", "accident_place": "重庆市渝中区解放碑", "injury": "右手腕骨折",
              "from_place": "四川省成都市武侯区"}  # fmt: skip


def _answers(version, seed: int, day) -> dict[str, str]:
    """Plausible answers to the item's application form, as an applicant gives them (own generator, so the
    demo's other draws stay as they were)."""
    rng = random.Random(seed)
    by_kind = {
        "date": (day - timedelta(days=rng.randint(5, 60))).isoformat(),
        "month": f"{day:%Y-%m}",
        "integer": str(rng.randint(0, 3)),
        "money": f"{rng.randint(4000, 9000)}.00",
        "bank_account": "62220210" + "".join(rng.choice("0123456789") for _ in range(11)),
        "phone": "139" + "".join(rng.choice("0123456789") for _ in range(8)),
        "id_number": "500103198001011238",
    }
    answers = {}
    for field in form_of([version]):
        if field.kind == "choice":
            answers[field.key] = rng.choice(field.choices)
        else:
            answers[field.key] = by_kind.get(field.kind) or DEMO_TEXTS.get(field.key, "演示")
    return answers


def _sample_scan(name: str) -> bytes:
    """A one-page PDF standing for a citizen's photo of a material, so the teller has something to open."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas as pdf_canvas

    from shebao.catalog.pdf import FONT

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    page = pdf_canvas.Canvas(buffer, pagesize=(420, 297))
    page.setFont(FONT, 20)
    page.drawString(40, 160, f"演示材料：{name}")
    page.save()
    return buffer.getvalue()


def _online(rng: random.Random) -> int:
    """Online applications of Yuzhong residents with a phone, made through the real service."""
    yuzhong = Agency.objects.filter(code="500103").first()
    if yuzhong is None or OnlineApplication.objects.exists():
        return 0
    showcase = Person.objects.filter(documents__number=SHOWCASE_RESIDENT_ID).first()
    others = Person.objects.filter(records__home_agency=yuzhong).exclude(phone="").distinct().order_by("id")
    applicants = [p for p in [showcase, *others[: DEMO_ONLINE * 2]] if p is not None]
    fit = {i.code for i in _items(clock.today())}
    items = [i for i in online.online_items() if i.code in fit]
    made = 0
    for n, person in enumerate(applicants[:DEMO_ONLINE]):
        item = items[0] if person == showcase else rng.choice(items)
        version = item.version_on(clock.today())
        materials = [m for m in version.materials.order_by("position") if m.requirement == "required"]
        scans = [check_scan(m.key, f"{m.key}.pdf", _sample_scan(m.name)) for m in materials]
        try:
            online.online_apply(
                citizen=person,
                person=person,
                item_code=item.code,
                scans=scans,
                answers=_answers(version, n, clock.today()),
                idempotency_key=f"demo-online-{n}",
            )
        except ApplicationError:
            continue
        made += 1
    return made


def _new_staff(employer: Employer) -> list[Person]:
    """Three working-age Yuzhong residents not yet insured through the showcase employer."""
    young = Person.objects.filter(birth_date__year__gte=1985, records__home_agency__code="500103")
    return list(young.exclude(records__employer=employer).distinct().order_by("id")[:3])


def employer_onboarding(teller) -> int:
    """The showcase employer's handling staff (its HR, the showcase worker) hand in the onboarding bundle
    for three new staff at the Yuzhong hall window: one case per person and item, decided in Jiangbei."""
    employer = Employer.objects.filter(credit_code=SHOWCASE_EMPLOYER_CODE).first()
    handler = Person.objects.filter(documents__number=SHOWCASE_WORKER_ID).first()
    staff = _new_staff(employer) if employer else []
    if employer is None or handler is None or len(staff) < 3:
        return 0
    bundle = "employee-onboarding"
    try:
        materials = {m.key for m in bundle_detail(bundle).materials if m.requirement != "optional"}
        intake = services.employer_case_accept(
            teller=teller,
            credit_code=employer.credit_code,
            employees=staff,
            handler=services.ProxyIn(handler.name, "resident_id", SHOWCASE_WORKER_ID, "letter"),
            bundle_code=bundle,
            received=materials | {"power_of_attorney"},
            idempotency_key=ONBOARDING_KEY,
        )
    except ApplicationError:
        return 0  # e.g. the hall may not accept one of the items: the rest of the demo stands
    return len(intake.cases) if intake.created else 0


def seed(*, rng_seed: int = 0, stdout=None) -> dict[str, int]:
    counts = {"flows": _flows(), "cases": 0, "online": 0}
    users = _users()
    already = Submission.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists()
    if users and not already:
        real_today = clock.today
        try:
            counts["cases"] = _cases(random.Random(rng_seed), users)
        finally:
            clock.today = real_today
        services.case_reminders()
    counts["online"] = _online(random.Random(rng_seed))
    counts["employer"] = employer_onboarding(users["teller.hall"]) if users else 0
    if stdout is not None:
        stdout.write(
            f"  cases: {counts['flows']} new review flows, {counts['cases']} new demo cases, "
            f"{counts['online']} online applications, {counts['employer']} employer onboarding cases"
        )
    return counts
