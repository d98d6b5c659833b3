"""Every hall page, at phone width in large type, in a real browser: it renders, nothing overflows the
screen sideways, and axe finds no serious accessibility problem."""

from datetime import date, time

import pytest
from django.utils import timezone

from conftest import PHONE, serious_accessibility_violations
from shebao.core.models import Role
from shebao.hall.appointments import appointment_book
from shebao.hall.evaluations import evaluation_submit
from shebao.hall.home_visits import VisitRequest, home_visit_request
from shebao.hall.models import FollowUp, ServiceCategory, Window
from shebao.hall.services import call_next, ticket_finish, ticket_start, ticket_take
from shebao.hall.slots import slots_generate
from shebao.network.index import bump_version
from shebao.network.models import OpeningHours
from shebao.testing import CAST_PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = timezone.make_aware(timezone.datetime(2026, 11, 25, 10, 0))


def a_hall(cast):
    outlet = cast.yuzhong_hall
    OpeningHours.objects.bulk_create(
        [OpeningHours(outlet=outlet, day=d, opens=time(9), closes=time(12)) for d in range(5)]
    )
    pension = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    window = Window.objects.create(outlet=outlet, number=1, comprehensive=True)
    window.categories.add(pension)
    teller = make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=outlet)
    slots_generate(outlet=outlet, first_day=date(2026, 11, 26), days=3)
    ticket_take(outlet=outlet, category_code="pension")
    done = call_next(user=teller, window=window)
    ticket_start(user=teller, ticket=done)
    done = ticket_finish(user=teller, ticket=done)
    evaluation_submit(token=done.token, level=1, reasons=["long_wait"], phone="13812345678")
    serving = ticket_take(outlet=outlet, category_code="pension")
    ticket_start(user=teller, ticket=call_next(user=teller, window=window))
    waiting = ticket_take(outlet=outlet, category_code="pension")
    booking = appointment_book(slot=outlet.hall_slots.order_by("starts_at").first(), phone="13812345678")
    # Codes are random hex: pin the widest one, so the page's width does not depend on the draw.
    booking.code = "DBDBDBDB"
    booking.save(update_fields=["code"])
    bump_version()
    visit = home_visit_request(
        request=VisitRequest(
            person_name="李秀英",
            doc_type="resident_id",
            doc_number="500103195303071224",
            phone="13812345678",
            address="渝中区解放碑街道民族路 88 号",
            need="certification",
            requester_relation="relative",
            district_code="500103",
        ),
        channel="online",
    )
    return outlet, window, done, serving, waiting, booking, visit


def test_every_hall_page_is_usable_on_a_phone_in_large_type(chromium, live_server, cast, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    outlet, window, done, _serving, waiting, booking, visit = a_hall(cast)
    follow_up = FollowUp.objects.get()
    code = outlet.code
    public = [
        f"/hall/{code}/take/",
        f"/hall/t/{waiting.token}/",
        f"/hall/t/{done.token}/",
        f"/hall/{code}/display/",
        f"/hall/pad/{window.pad_token}/",
        f"/hall/{code}/poster/",
        "/hall/book/",
        f"/hall/{code}/book/?category=pension&day=2026-11-26",
        f"/hall/a/{booking.code}/",
        "/hall/a/",
        "/hall/home-visits/request/",
        f"/hall/home-visits/s/{visit.token}/",
    ]
    staff = [
        "/hall/staff/",
        f"/hall/windows/{window.pk}/",
        "/hall/follow-ups/?show=all",
        f"/hall/follow-ups/{follow_up.pk}/",
        f"/hall/{code}/statistics/",
        "/hall/statistics/",
        "/hall/home-visits/",
        f"/hall/home-visits/{visit.pk}/",
        f"/hall/home-visits/{visit.pk}/record/",
        "/hall/home-visits/new/",
    ]
    context = chromium.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    context.add_cookies([{"name": "shebao_elder", "value": "1", "url": live_server.url}])
    page = context.new_page()
    problems = {}

    def check(url):
        response = page.goto(live_server.url + url)
        found = [] if response.ok else [f"HTTP {response.status}"]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + 1:
            found.append(f"{width}px wide")
        found += serious_accessibility_violations(page)
        if found:
            problems[url] = found

    try:  # the context is closed even when a page fails, so no page keeps polling the server
        for url in public:
            check(url)
        page.goto(live_server.url + "/staff/login/")
        page.fill("#id_username", "manager")
        page.fill("#id_password", CAST_PASSWORD)
        page.click("button[type=submit].primary")
        for url in staff:
            check(url)
    finally:
        context.close()
    assert problems == {}
