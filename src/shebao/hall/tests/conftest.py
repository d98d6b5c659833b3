from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from shebao.core.models import Role
from shebao.hall.models import ServiceCategory, Window
from shebao.network.models import OpeningHours
from shebao.testing import make_staff

# The demo halls' hours (network demo data): 9:00-12:00 and 14:00-17:30 on weekdays, Saturday morning.
HALL_HOURS = [(d, time(9), time(12)) for d in range(5)] + [(d, time(14), time(17, 30)) for d in range(5)]
HALL_HOURS += [(5, time(9), time(12))]


@dataclass
class Hall:
    outlet: object
    pension: ServiceCategory
    registration: ServiceCategory
    window1: Window  # pensions only
    window2: Window  # comprehensive
    teller: object  # a teller of this hall
    guide: object


@pytest.fixture
def hall(cast):
    outlet = cast.yuzhong_hall
    OpeningHours.objects.bulk_create(
        [OpeningHours(outlet=outlet, day=d, opens=o, closes=c) for d, o, c in HALL_HOURS]
    )
    pension = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    registration = ServiceCategory.objects.create(
        outlet=outlet, code="reg", name="参保登记", prefix="B", bookable=False
    )
    window1 = Window.objects.create(outlet=outlet, number=1)
    window1.categories.add(pension)
    window2 = Window.objects.create(outlet=outlet, number=3, comprehensive=True)
    teller = make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=outlet)
    guide = make_staff("hall_guide", "吴引导", cast.yuzhong, [Role.GUIDE], outlet=outlet)
    return Hall(outlet, pension, registration, window1, window2, teller, guide)


# A Wednesday the working-day calendar knows, 10:00 in Shanghai: booking tests through the pages and the
# API (which take no `now`) see the same calendar whatever day the suite runs on.
FROZEN_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
OPEN_HALL_NOW = FROZEN_NOW.replace(hour=11)


@pytest.fixture
def frozen_now(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture(autouse=True)
def _open_hall_clock(monkeypatch):
    """Every hall test runs on that Wednesday at 11:00, while the halls are open (a ticket is refused out
    of hours, hall/opening.py), whatever the hour the suite runs at. The clock still runs, so calls made
    one after the other keep their order; `frozen_now` stops it."""
    from django.utils import timezone

    started = timezone.now()
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: OPEN_HALL_NOW + (real_now() - started))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Visit photos are written under a temporary MEDIA_ROOT, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
