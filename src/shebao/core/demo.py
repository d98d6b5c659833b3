"""The demo municipality's reference data: Chongqing's agencies, a few outlets, and staff for every role.

Chongqing is a province-level municipality, so the municipal agency (500000) sits at the province level and
each real district or county (区/县) has one district agency. Names and coordinates come from the address
codes that ship with the cpca package; the full outlet network (13,357 points) is seeded by network/demo.py,
so the outlets here use `DEMO-` codes and are only the ones the demo staff work at.

`seed()` is idempotent: it creates only what is missing, so a second run makes a few reads and returns.
"""

import base64
import csv
import hashlib
import importlib.metadata
import random
from dataclasses import dataclass
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shebao.core.audit import log_action
from shebao.core.models import (
    Agency,
    AgencyLevel,
    Outlet,
    OutletKind,
    OutletLevel,
    OutletTier,
    Role,
    StaffProfile,
    StaffRole,
)

# One password for every demo account; it passes AUTH_PASSWORD_VALIDATORS (tested).
DEMO_PASSWORD = "Shebao-Demo-2026"
MUNICIPAL_CODE = "500000"
MUNICIPAL_NAME = "重庆市社会保险事务中心"
# Rows of the cpca table that are groupings, not districts.
_PSEUDO_CODES = frozenset({"500000", "500100", "500200"})
# cpca's table predates two changes from county to district (2016): the old codes stay valid in old ID
# numbers (people/demo.py uses them), but the agencies carry today's codes and names.
RENAMED_CODES = {"500228": ("500155", "梁平区"), "500232": ("500156", "武隆区")}
_MUNICIPAL_COORDS = (29.562849, 106.551643)


@dataclass(frozen=True)
class District:
    code: str
    name: str
    latitude: float
    longitude: float


@cache
def chongqing_districts() -> tuple[District, ...]:
    """Chongqing's 38 districts and counties, by code, read from cpca's CSV without importing cpca
    (its package import pulls in pandas)."""
    path = importlib.metadata.distribution("cpca").locate_file("cpca/resources/adcodes.csv")
    found: dict[str, District] = {}
    with open(str(path), encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["adcode"][:6]
            if not code.startswith("50") or code in _PSEUDO_CODES:
                continue
            code, name = RENAMED_CODES.get(code, (code, row["name"]))
            found[code] = District(code, name, float(row["latitude"]), float(row["longitude"]))
    return tuple(found[code] for code in sorted(found))


def district_agency_name(district_name: str) -> str:
    return f"{district_name}社会保险事务中心"


MUNICIPAL_NAME_EN = "Chongqing Social Insurance Affairs Centre"
_LEVELS_EN = (
    ("自治县", "Autonomous County"),
    ("区", "District"),
    ("县", "County"),
    ("街道", "Subdistrict"),
    ("镇", "Town"),
    ("乡", "Township"),
)
_PEOPLES_EN = {"土家族": "Tujia", "苗族": "Miao"}


def english_place(name: str) -> str:
    """A place's name as its own English pages write it: pinyin, the peoples of an autonomous county,
    the level (渝中区 → Yuzhong District, 石柱土家族自治县 → Shizhu Tujia Autonomous County, 龙桥街道 →
    Longqiao Subdistrict, 青坝 → Qingba)."""
    from pypinyin import lazy_pinyin

    suffix, level = next(((s, en) for s, en in _LEVELS_EN if name.endswith(s)), ("", ""))
    body = name[: len(name) - len(suffix)]
    peoples = []
    if level == "Autonomous County":
        body, rest = body[:2], body[2:]
        while rest:
            people = next((p for p in _PEOPLES_EN if rest.startswith(p)), rest)
            peoples.append(_PEOPLES_EN.get(people, "".join(lazy_pinyin(people)).capitalize()))
            rest = rest[len(people) :]
    return " ".join(["".join(lazy_pinyin(body)).capitalize(), *peoples, level]).strip()


def district_agency_name_en(district_name: str) -> str:
    return f"{english_place(district_name)} Social Insurance Affairs Centre"


def hall_code(agency_code: str) -> str:
    return f"DEMO-{agency_code}-HALL"


@dataclass(frozen=True)
class PointSpec:
    code: str
    name: str
    agency_code: str
    kind: str
    tier: str
    address: str
    name_en: str = ""


# The cooperation points where the demo tellers sit (seed 002: 社银, 社邮 and village-shop points).
BANK_POINT = PointSpec(
    "DEMO-500105-BANK",
    "重庆农商行观音桥支行社银服务点",
    "500105",
    OutletKind.BANK,
    OutletTier.PREMIUM,
    "重庆市江北区观音桥步行街",
    "Chongqing Rural Commercial Bank Guanyinqiao Sub-branch, Social Insurance Point",
)
POST_POINT = PointSpec(
    "DEMO-500113-POST",
    "巴南区百节邮政所社邮合作点",
    "500113",
    OutletKind.POSTAL,
    OutletTier.BASIC,
    "重庆市巴南区百节镇百节街",
    "China Post Baijie Office, Banan District, Social Insurance Point",
)
SHOP_POINT = PointSpec(
    "DEMO-500240-SHOP",
    "石柱县黄水镇万胜坝村便民超市服务点",
    "500240",
    OutletKind.SHOP,
    OutletTier.BASIC,
    "重庆市石柱土家族自治县黄水镇万胜坝村",
    "Wanshengba Village Shop Service Point, Huangshui Town, Shizhu County",
)
COOPERATION_POINTS = (BANK_POINT, POST_POINT, SHOP_POINT)
MUNICIPAL_HALL_CODE = "DEMO-500000-HALL"


@dataclass(frozen=True)
class StaffSpec:
    username: str
    display_name: str
    agency_code: str
    outlet_code: str | None
    roles: tuple[str, ...]


# In the order demo_signins lists them: front desk, hall, back office, oversight, outsider.
DEMO_STAFF = (
    StaffSpec("teller.hall", "王丽华", "500103", hall_code("500103"), (Role.TELLER,)),
    StaffSpec("teller.bank", "刘晓燕", "500105", BANK_POINT.code, (Role.TELLER,)),
    StaffSpec("teller.post", "周建华", "500113", POST_POINT.code, (Role.TELLER,)),
    StaffSpec("teller.shop", "谭春梅", "500240", SHOP_POINT.code, (Role.TELLER,)),
    StaffSpec("guide.yuzhong", "杨帆", "500103", hall_code("500103"), (Role.GUIDE,)),
    StaffSpec("reviewer.yuzhong", "张伟", "500103", None, (Role.REVIEWER,)),
    StaffSpec("reviewer2.yuzhong", "李静", "500103", None, (Role.REVIEWER,)),
    StaffSpec("approver.yuzhong", "陈刚", "500103", None, (Role.APPROVER,)),
    StaffSpec("manager.yuzhong", "刘建国", "500103", None, (Role.MANAGER,)),
    StaffSpec("auditor", "赵敏", MUNICIPAL_CODE, None, (Role.AUDITOR,)),
    StaffSpec("admin", "黄志强", MUNICIPAL_CODE, None, (Role.ADMIN,)),
    StaffSpec("outsider.wanzhou", "孙明", "500101", None, (Role.REVIEWER,)),
)
DEMO_USERNAMES = tuple(spec.username for spec in DEMO_STAFF)
_STAFF_NOTES = {
    "teller.hall": gettext_noop("Front desk (A role) at the district hall"),
    "teller.bank": gettext_noop("Teller at a bank cooperation point"),
    "teller.post": gettext_noop("Teller at a post-office cooperation point"),
    "teller.shop": gettext_noop("Teller at a village shop point (basic tier)"),
    "guide.yuzhong": gettext_noop("Hall guide: tickets and priority"),
    "reviewer.yuzhong": gettext_noop("Back office (B role), first review"),
    "reviewer2.yuzhong": gettext_noop("Second reviewer, for segregation-of-duties demos"),
    "approver.yuzhong": gettext_noop("Back office, final approval"),
    "manager.yuzhong": gettext_noop("Dashboard, queues and warnings"),
    "auditor": gettext_noop("Audits every district"),
    "outsider.wanzhou": gettext_noop("Reviewer of another district: refused Yuzhong's cases"),
}


def totp_key(rng_seed: int, username: str) -> bytes:
    """A demo account's TOTP secret: derived from the seed, so the same seed gives the same key."""
    return hashlib.sha256(f"shebao-demo-totp:{rng_seed}:{username}".encode()).digest()[:20]


def seed(*, rng_seed: int, stdout) -> None:
    rng = random.Random(rng_seed)
    with transaction.atomic():
        counts = {
            "agencies": _seed_agencies(),
            "outlets": _seed_outlets(rng),
            "staff": _seed_staff(rng_seed),
        }
        if any(counts.values()):
            log_action("core.demo.seeded", data=counts)
    stdout.write(
        f"  core: {counts['agencies']} agencies, {counts['outlets']} outlets, {counts['staff']} staff"
    )


def _seed_agencies() -> int:
    existing = set(Agency.objects.values_list("code", flat=True))
    created = 0
    if MUNICIPAL_CODE not in existing:
        lat, lon = _MUNICIPAL_COORDS
        Agency.objects.create(
            code=MUNICIPAL_CODE, name=MUNICIPAL_NAME, name_en=MUNICIPAL_NAME_EN, level=AgencyLevel.PROVINCE,
            latitude=lat, longitude=lon,
        )  # fmt: skip
        created += 1
    root = Agency.objects.get(code=MUNICIPAL_CODE)
    # bulk_create skips Agency.save(), so the path is written here the way save() would write it.
    missing = [
        Agency(
            code=d.code,
            name=district_agency_name(d.name),
            name_en=district_agency_name_en(d.name),
            level=AgencyLevel.DISTRICT,
            parent=root,
            path=f"{root.path}{d.code}/",
            latitude=d.latitude,
            longitude=d.longitude,
        )
        for d in chongqing_districts()
        if d.code not in existing
    ]
    Agency.objects.bulk_create(missing)
    return created + len(missing)


def _near(rng: random.Random, lat: float, lon: float) -> tuple[float, float]:
    """A point a few hundred metres from the district centre."""
    return round(lat + rng.uniform(-0.01, 0.01), 6), round(lon + rng.uniform(-0.01, 0.01), 6)


def _seed_outlets(rng: random.Random) -> int:
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[MUNICIPAL_CODE, *_district_codes()])}
    wanted = []
    root = agencies[MUNICIPAL_CODE]
    wanted.append(
        Outlet(
            code=MUNICIPAL_HALL_CODE,
            name=f"{MUNICIPAL_NAME}服务大厅",
            name_en=f"{MUNICIPAL_NAME_EN} Service Hall",
            agency=root,
            level=OutletLevel.CITY,
            kind=OutletKind.AGENCY_HALL,
            tier=OutletTier.PREMIUM,
            address="重庆市",
            latitude=root.latitude,
            longitude=root.longitude,
            step_free=True,
        )
    )
    for district in chongqing_districts():
        wanted.append(
            Outlet(
                code=hall_code(district.code),
                name=f"{district.name}社保服务大厅",
                name_en=f"{english_place(district.name)} Social Insurance Service Hall",
                agency=agencies[district.code],
                level=OutletLevel.DISTRICT,
                kind=OutletKind.AGENCY_HALL,
                tier=OutletTier.PREMIUM,
                address=f"重庆市{district.name}",
                latitude=district.latitude,
                longitude=district.longitude,
                step_free=True,
            )
        )
    for point in COOPERATION_POINTS:
        agency = agencies[point.agency_code]
        lat, lon = _near(rng, agency.latitude, agency.longitude)
        wanted.append(
            Outlet(
                code=point.code,
                name=point.name,
                name_en=point.name_en,
                agency=agency,
                level=OutletLevel.COOPERATION,
                kind=point.kind,
                tier=point.tier,
                address=point.address,
                latitude=lat,
                longitude=lon,
            )
        )
    existing = set(Outlet.objects.filter(code__startswith="DEMO-").values_list("code", flat=True))
    missing = [outlet for outlet in wanted if outlet.code not in existing]
    Outlet.objects.bulk_create(missing)
    return len(missing)


def _district_codes() -> list[str]:
    return [d.code for d in chongqing_districts()]


def _seed_staff(rng_seed: int) -> int:
    user_model = get_user_model()
    existing = set(user_model.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    specs = [spec for spec in DEMO_STAFF if spec.username not in existing]
    if not specs:
        return 0
    password = make_password(DEMO_PASSWORD)  # hashed once: PBKDF2 costs a noticeable fraction of a second
    users = user_model.objects.bulk_create(
        [
            user_model(
                username=spec.username,
                password=password,
                # The administrator keeps reference data in the Django admin.
                is_staff=Role.ADMIN in spec.roles,
                is_superuser=Role.ADMIN in spec.roles,
            )
            for spec in specs
        ]
    )
    agencies = {a.code: a for a in Agency.objects.filter(code__in={s.agency_code for s in specs})}
    outlets = {
        o.code: o for o in Outlet.objects.filter(code__in={s.outlet_code for s in specs if s.outlet_code})
    }
    profiles = StaffProfile.objects.bulk_create(
        [
            StaffProfile(
                user=user,
                agency=agencies[spec.agency_code],
                outlet=outlets.get(spec.outlet_code or ""),
                display_name=spec.display_name,
            )
            for user, spec in zip(users, specs, strict=True)
        ]
    )
    StaffRole.objects.bulk_create(
        [
            StaffRole(profile=profile, role=role)
            for profile, spec in zip(profiles, specs, strict=True)
            for role in spec.roles
        ]
    )
    _give_second_factors(users, specs, rng_seed)
    return len(users)


def _give_second_factors(users, specs, rng_seed: int) -> None:
    """Roles that must sign in with a second factor get a confirmed authenticator device at once."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from shebao.core.models import ROLES_REQUIRING_TOTP

    for user, spec in zip(users, specs, strict=True):
        if ROLES_REQUIRING_TOTP.intersection(spec.roles):
            TOTPDevice.objects.create(
                user=user, name="demo", key=totp_key(rng_seed, spec.username).hex(), confirmed=True
            )


def demo_totp_device(username: str):
    """The confirmed TOTP device of a demo account, or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if username not in DEMO_USERNAMES:
        return None
    return TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("pk").first()


def demo_accounts() -> list[tuple[str, str, str, str]]:
    """(username, roles, place, note) of each demo account that exists, in DEMO_STAFF order."""
    profiles = {
        p.user.username: p
        for p in StaffProfile.objects.select_related("user", "agency", "outlet")
        .prefetch_related("roles")
        .filter(user__username__in=DEMO_USERNAMES)
    }
    accounts = []
    for spec in DEMO_STAFF:
        profile = profiles.get(spec.username)
        if profile is None:
            continue
        roles = "+".join(sorted(r.role for r in profile.roles.all()))
        place = profile.outlet.name if profile.outlet_id else profile.agency.name
        accounts.append((spec.username, roles, place, _note(spec.username)))
    return accounts


def _note(username: str) -> str:
    device = demo_totp_device(username)
    if device is not None:
        key = base64.b32encode(device.bin_key).decode()
        return _("Second factor: add key %(key)s to an authenticator app, or run `demo_totp %(user)s`") % {
            "key": key,
            "user": username,
        }
    note = _STAFF_NOTES.get(username, "")
    return _(note) if note else ""
