from dataclasses import dataclass

import pytest

from shebao.core.models import Role
from shebao.hall.models import ServiceCategory, Window
from shebao.testing import make_staff


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
    pension = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
    registration = ServiceCategory.objects.create(outlet=outlet, code="reg", name="参保登记", prefix="B")
    window1 = Window.objects.create(outlet=outlet, number=1)
    window1.categories.add(pension)
    window2 = Window.objects.create(outlet=outlet, number=3, comprehensive=True)
    teller = make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=outlet)
    guide = make_staff("hall_guide", "吴引导", cast.yuzhong, [Role.GUIDE], outlet=outlet)
    return Hall(outlet, pension, registration, window1, window2, teller, guide)
