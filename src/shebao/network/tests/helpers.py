from datetime import date, time

from shebao.catalog.models import ServiceItem
from shebao.core.models import Outlet, OutletKind, OutletLevel, OutletTier
from shebao.network.models import Agreement, AgreementStaff, OpeningHours, Step

ALL_DAY = [(d, time(0), time(23, 59)) for d in range(8)]

# code: (name, outlet tiers): a self-service item, a basic-point item, a premium-only item, a hall-only item.
ITEMS = {
    "PEN-CERT": ("养老保险待遇资格认证", ["basic", "premium", "self_service"]),
    "STMT-PRINT": ("个人权益记录查询打印", ["basic", "premium"]),
    "EMP-REG": ("用人单位参保登记", ["premium"]),
    "INJURY-ID": ("工伤认定申请", []),
}


def make_items() -> dict[str, ServiceItem]:
    return {
        code: ServiceItem.objects.create(
            code=code,
            name=name,
            name_en=f"{code} (English)",
            category="records",
            applicant_types=["person"],
            channels=["window"],
            outlet_tiers=tiers,
        )
        for code, (name, tiers) in ITEMS.items()
    }


def hours(outlet, sessions=ALL_DAY):
    """Sessions as (day, opens, closes); times may be time objects or "HH:MM"."""
    OpeningHours.objects.bulk_create(
        [OpeningHours(outlet=outlet, day=d, opens=o, closes=c) for d, o, c in sessions]
    )


def small_network(cast):
    """The cast's bank point (Jiangbei, under agreement) and Yuzhong hall, plus a basic village point."""
    village = Outlet.objects.create(
        code="T-VILLAGE",
        name="解放碑社区便民服务站",
        agency=cast.yuzhong,
        level=OutletLevel.VILLAGE,
        kind=OutletKind.SERVICE_CENTRE,
        tier=OutletTier.BASIC,
        latitude=29.5580,
        longitude=106.5770,
    )
    agreement = Agreement.objects.create(
        outlet=cast.bank_point,
        number="XY-TEST-1",
        partner="重庆农商行",
        scope_items=["PEN-CERT", "STMT-PRINT"],
        valid_from=date(2024, 1, 1),
        valid_until=date(2099, 12, 31),
    )
    AgreementStaff.objects.create(agreement=agreement, staff=cast.teller.staff, step=Step.ACCEPT)
    for outlet in (cast.bank_point, cast.yuzhong_hall, village):
        hours(outlet)
    return village, agreement
