"""Demo hall: the Yuzhong district hall (where teller.hall and guide.yuzhong work) with its businesses,
windows, booking slots for the coming days, eight working days of served visitors with ratings and the
follow-ups of the bad ones, a few visitors waiting today, bookings and home visits; the municipal hall
and the Jiangbei bank point get businesses, windows and slots.

Everything goes through the services (so the audit log tells the same story); only the timestamps that
services take from the clock (a rating's time) are set back to the day they belong to. Idempotent: each
part is made only when it is missing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from shebao.core import demo as core_demo
from shebao.core.errors import ApplicationError
from shebao.core.models import Outlet
from shebao.core.workdays import CalendarUnknownYear, is_working_day
from shebao.hall import appointments, conf, evaluations, home_visits, opening, services, slots
from shebao.hall.models import (
    Appointment,
    AppointmentSlot,
    Evaluation,
    FollowUp,
    HomeVisit,
    ServiceCategory,
    Ticket,
    Window,
)
from shebao.hall.selectors import free_slots
from shebao.people.models import IdentityDocument

# (code, name, prefix, usual minutes, bookable)
CATEGORIES = [
    ("pension", "养老保险待遇", "A", 9, True),
    ("registration", "参保登记与变更", "B", 7, True),
    ("medical", "医疗保险", "C", 6, True),
    ("records", "权益记录打印与咨询", "D", 3, False),
]
# window number: (category codes, comprehensive)
WINDOWS = {
    1: (["pension"], False),
    2: (["pension"], False),
    3: (["registration"], False),
    4: (["medical"], False),
}
WINDOWS |= {5: ([], True), 6: ([], True)}
BANK_CATEGORIES = [("social", "社保业务", "S", 8, False)]
NAMES_EN = {"pension": "Pensions", "registration": "Enrolment and changes", "medical": "Medical insurance",
            "records": "Records: print-outs and questions", "social": "Social insurance"}  # fmt: skip
HISTORY_DAYS = 6
STAFFED = (1, 3, 5)
LEVELS = [5] * 60 + [4] * 25 + [3] * 8 + [2] * 4 + [1] * 3


def _outlet(code: str) -> Outlet | None:
    return Outlet.objects.filter(code=code).first()


def _setup(outlet: Outlet, windows: dict, categories=CATEGORIES) -> int:
    """Businesses and windows, when the outlet has none yet."""
    if ServiceCategory.objects.filter(outlet=outlet).exists():
        return 0
    made = {
        code: ServiceCategory.objects.create(
            outlet=outlet,
            code=code,
            name=name,
            name_en=NAMES_EN.get(code, ""),
            prefix=prefix,
            default_service_minutes=minutes,
            bookable=bookable,
        )
        for code, name, prefix, minutes, bookable in categories
    }
    for number, (codes, comprehensive) in windows.items():
        window = Window.objects.create(outlet=outlet, number=number, comprehensive=comprehensive)
        window.categories.set([made[c] for c in codes])
    return len(made)


def _working_days_back(n: int) -> list[date]:
    days, day = [], timezone.localdate()
    while len(days) < n and day > timezone.localdate() - timedelta(days=40):
        day -= timedelta(days=1)
        try:
            if is_working_day(day):
                days.append(day)
        except CalendarUnknownYear:
            continue
    return sorted(days)


def _at(day: date, hour: float) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0))) + timedelta(hours=hour)


def _arrivals(rng: random.Random, day: date) -> list[tuple[datetime, str]]:
    """A morning peak, a lunch lull (the hall is closed 12:00-14:00), an afternoon peak."""
    weights = [c[0] for c in CATEGORIES]
    shares = [0.4, 0.25, 0.2, 0.15]
    out = []
    for start, end, per_hour in ((9.0, 12.0, 15), (14.0, 17.0, 11)):
        t = start
        while True:
            t += rng.expovariate(per_hour)
            if t >= end - 0.2:
                break
            out.append((_at(day, t), rng.choices(weights, shares)[0]))
    return out


def _booked_arrivals(rng: random.Random, outlet: Outlet, day: date) -> list[tuple[datetime, str]]:
    """Three bookings made the evening before; two come (a little early or late), one does not."""
    slots.slots_generate(outlet=outlet, first_day=day, days=1)
    starts = [_at(day, h) for h in (9.5, 10.5, 15.0)]
    wanted = AppointmentSlot.objects.filter(outlet=outlet, category__code="pension", starts_at__in=starts)
    arrivals = []
    for i, slot in enumerate(wanted.order_by("starts_at")):
        booking = appointments.appointment_book(
            slot=slot, phone=f"136{day:%m%d}{i:04d}", now=_at(day, 0) - timedelta(hours=4)
        )
        if i != 1:
            arrivals.append((slot.starts_at + timedelta(minutes=rng.randint(-10, 12)), f"@{booking.code}"))
    return arrivals


def _arrive(outlet: Outlet, at: datetime, what: str) -> None:
    if what.startswith("@"):
        appointments.appointment_check_in(code=what[1:], outlet=outlet, now=at)
    else:
        services.ticket_take(outlet=outlet, category_code=what, now=at)


def _call(rng: random.Random, teller, window: Window, now: datetime) -> tuple[Ticket | None, datetime]:
    """Call the next visitor; about one in thirty has left and is called three times for nothing."""
    ticket = services.call_next(user=teller, window=window, now=now)
    if ticket is None or rng.random() > 0.033:
        return ticket, now
    for _ in range(2):
        services.ticket_recall(user=teller, ticket=ticket)
    services.ticket_no_show(user=teller, ticket=ticket, now=now + timedelta(minutes=2))
    return _call(rng, teller, window, now + timedelta(minutes=2))


def _serve_day(rng: random.Random, outlet: Outlet, teller, day: date) -> list[Ticket]:
    """One day of the hall through the services: tickets taken (or appointments checked in) as visitors
    arrive, windows calling as they become free, each visitor served for a while. Three windows are
    staffed: one for pensions, one for registration, one comprehensive."""
    windows = list(Window.objects.filter(outlet=outlet, number__in=STAFFED).order_by("number"))
    minutes = {c.code: c.default_service_minutes for c in ServiceCategory.objects.filter(outlet=outlet)}
    pending = sorted(_arrivals(rng, day) + _booked_arrivals(rng, outlet, day))
    free_at = {w.pk: _at(day, 9.0) for w in windows}
    finished: list[Ticket] = []
    idle: set[int] = set()  # windows that found nobody to call since the last arrival
    while True:
        active = [w for w in windows if w.pk not in idle]
        window = min(active, key=lambda w: free_at[w.pk]) if active else None
        if pending and (window is None or pending[0][0] <= free_at[window.pk]):
            at, what = pending.pop(0)
            _arrive(outlet, at, what)
            for pk in idle:  # an idle window calls the newcomer when they arrive, not before
                free_at[pk] = max(free_at[pk], at)
            idle.clear()
            continue
        if window is None:
            break
        ticket, now = _call(rng, teller, window, free_at[window.pk])
        if ticket is None:
            idle.add(window.pk)
            continue
        start = now + timedelta(seconds=rng.randint(30, 150))
        end = start + timedelta(minutes=max(1.0, rng.lognormvariate(0, 0.45) * minutes[ticket.category.code]))
        services.ticket_start(user=teller, ticket=ticket, now=start)
        finished.append(services.ticket_finish(user=teller, ticket=ticket, now=end))
        free_at[window.pk] = end
    return finished


def _rate(rng: random.Random, tickets: list[Ticket], day: date) -> None:
    for ticket in tickets:
        if rng.random() > 0.6:
            continue
        level = rng.choice(LEVELS)
        reasons = [rng.choice(["long_wait", "unclear", "more_trips", "attitude"])] if level <= 2 else []
        phone = f"1390000{rng.randint(0, 9999):04d}" if level <= 2 and rng.random() < 0.7 else ""
        evaluation = evaluations.evaluation_submit(
            token=ticket.token, level=level, reasons=reasons, phone=phone
        )
        rated_at = ticket.finished_at + timedelta(minutes=rng.randint(1, 4))
        Evaluation.objects.filter(pk=evaluation.pk).update(created_at=rated_at)
        FollowUp.objects.filter(evaluation=evaluation).update(
            created_at=rated_at, due_on=evaluations.follow_up_due(day, conf.follow_up_working_days())
        )


def _handle_follow_ups(manager) -> None:
    """Follow-ups verified and closed, except the oldest (left overdue, so the list shows one) and the
    newest (still within its time)."""
    follow_ups = list(FollowUp.objects.order_by("due_on", "pk"))
    for follow_up in follow_ups[1:-1]:
        evaluations.follow_up_verify(
            user=manager, follow_up=follow_up, finding="调阅叫号记录与窗口录像，情况属实", justified=True
        )
        evaluations.follow_up_close(
            user=manager,
            follow_up=follow_up,
            rectification="高峰时段增开综合窗口，并对窗口人员进行服务规范培训",
            outcome="您反映的问题已核实整改，高峰时段已增开窗口。感谢您的监督！",
        )


def _history(rng: random.Random, outlet: Outlet) -> int:
    users = get_user_model().objects.in_bulk(["teller.hall", "manager.yuzhong"], field_name="username")
    if len(users) < 2 or Ticket.objects.filter(outlet=outlet).exists():
        return 0
    made = 0
    for day in _working_days_back(HISTORY_DAYS):
        served = _serve_day(rng, outlet, users["teller.hall"], day)
        _rate(rng, served, day)
        made += len(served)
    _handle_follow_ups(users["manager.yuzhong"])
    appointments.appointments_mark_no_shows()
    if opening.closed_notice(outlet) is None:  # out of hours nobody can be waiting (hall/opening.py)
        for code in ("pension", "pension", "registration", "medical", "pension"):  # visitors waiting now
            services.ticket_take(outlet=outlet, category_code=code)
        window = Window.objects.filter(outlet=outlet, number=1).first()
        services.call_next(user=users["teller.hall"], window=window)
    return made


def _bookings(outlet: Outlet) -> int:
    if Appointment.objects.filter(slot__outlet=outlet, slot__starts_at__gt=timezone.now()).exists():
        return 0
    made = 0
    for i, category in enumerate(ServiceCategory.objects.filter(outlet=outlet, bookable=True)):
        for free in free_slots(category)[i * 3 : i * 3 + 2]:
            try:
                appointments.appointment_book(slot=free.slot, phone=f"1370000{i:02d}{made:02d}")
                made += 1
            except ApplicationError:
                continue
    return made


VISITS = [
    ("pension", "老人卧床多年，需要上门办理养老金资格认证。"),
    ("certification", "独居老人行动不便，子女在外地，请上门认证。"),
    ("record", "需要打印个人权益记录，老人无法到大厅。"),
]


def _home_visits(rng: random.Random) -> int:
    if HomeVisit.objects.exists():
        return 0
    documents = list(
        IdentityDocument.objects.filter(doc_type="resident_id", number__startswith="500103")
        .select_related("person")
        .order_by("number")[:3]
    )
    made = []
    for doc, (need, details) in zip(documents, VISITS, strict=False):
        try:
            made.append(
                home_visits.home_visit_request(
                    request=home_visits.VisitRequest(
                        person_name=doc.person.name,
                        doc_type=doc.doc_type,
                        doc_number=doc.number,
                        phone=doc.person.phone or "13800138000",
                        address=f"重庆市渝中区解放碑街道民族路{rng.randint(1, 200)}号",
                        need=need,
                        requester_relation="relative",
                        district_code="500103",
                        details=details,
                        requester_name="家属",
                    ),
                    channel="online",
                )
            )
        except ApplicationError:
            continue
    teller = get_user_model().objects.filter(username="teller.hall").first()
    if made and teller is not None and made[0].assigned_to_id == getattr(teller.staff, "pk", None):
        home_visits.home_visit_record(
            user=teller,
            visit=made[0],
            outcome="done",
            work_done="现场完成人脸识别认证",
            materials="身份证复印件",
        )
    return len(made)


def seed(*, rng_seed: int, stdout) -> None:
    rng = random.Random(rng_seed + 7)
    hall = _outlet(core_demo.hall_code("500103"))
    counts = {"categories": 0, "slots": 0, "tickets": 0, "bookings": 0, "visits": 0}
    with transaction.atomic():
        for code, windows in (
            (core_demo.hall_code("500103"), WINDOWS),
            (core_demo.MUNICIPAL_HALL_CODE, WINDOWS),
            (core_demo.BANK_POINT.code, {1: ([], True)}),
        ):
            outlet = _outlet(code)
            if outlet is None:
                continue
            kinds = BANK_CATEGORIES if code == core_demo.BANK_POINT.code else CATEGORIES
            counts["categories"] += _setup(outlet, windows, kinds)
            counts["slots"] += slots.slots_generate(outlet=outlet)["created"]
        if hall is not None:
            counts["tickets"] = _history(rng, hall)
            counts["bookings"] = _bookings(hall)
        counts["visits"] = _home_visits(rng)
    stdout.write(
        "  hall: {categories} businesses, {slots} booking slots, {tickets} past visitors served, "
        "{bookings} bookings, {visits} home visits".format(**counts)
    )
