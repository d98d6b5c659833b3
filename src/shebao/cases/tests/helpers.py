"""A small world for case tests: a few catalogue items, the cast's bank point under agreement (premium
tier), a pinned working day. Used by this app's tests and the journeys in the top-level tests/."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import date

from shebao.catalog.models import Bundle, BundleItem, ItemVersion, Material, ServiceItem
from shebao.core.models import OutletTier
from shebao.network.models import Agreement, AgreementStaff, Step

# A Tuesday the working-day calendar knows; deadlines below are counted from it.
DAY = date(2026, 11, 24)


def blank_pdf() -> bytes:
    """A real one-page PDF (uploads are parsed, so a few magic bytes are no longer enough)."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out, static_id=True)
    return out.getvalue()


def picture(fmt: str = "PNG", size: tuple[int, int] = (40, 30), **save) -> bytes:
    """A small real picture, as Pillow writes it (so encoding it again gives the same bytes)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, format=fmt, **save)
    return out.getvalue()


PDF = blank_pdf()
PNG = picture("PNG")
_keys = itertools.count(1)


def new_key() -> str:
    return f"key-{next(_keys)}"


def pin_day(monkeypatch, day: date = DAY) -> None:
    from shebao.cases import clock

    monkeypatch.setattr(clock, "today", lambda: day)


def _item(code, name, *, risk, instant, tiers, days, materials, proxy=True):
    item = ServiceItem.objects.create(
        code=code,
        name=name,
        category="unemployment",
        applicant_types=["person"],
        proxy_allowed=proxy,
        risk=risk,
        instant=instant,
        channels=["window"],
        outlet_tiers=tiers,
    )
    version = ItemVersion.objects.create(
        item=item, number=1, effective_from=date(2025, 1, 1), time_limit_days=days
    )
    for pos, (key, mname, req, defer) in enumerate(materials, 1):
        Material.objects.create(
            version=version,
            position=pos,
            key=key,
            name=mname,
            form="original",
            requirement=req,
            defer_days=defer,
        )
    return item


@dataclass
class World:
    cast: object
    unemployment: ServiceItem  # high risk, premium points, one deferrable material
    record_print: ServiceItem  # low risk, instant
    pension: ServiceItem  # high risk, halls only
    bundle: Bundle
    agreement: Agreement


def make_world(cast) -> World:
    une = _item(
        "T-UNE",
        "失业保险金申领",
        risk="high",
        instant=False,
        tiers=["premium"],
        days=5,
        materials=[
            ("resident_id_card", "居民身份证", "required", None),
            ("unemployment_registration", "失业登记证明", "required", None),
            ("termination_certificate", "解除劳动合同证明", "deferrable", 10),
            ("power_of_attorney", "授权委托书", "optional", None),
        ],
    )
    rec = _item(
        "T-REC",
        "个人权益记录查询打印",
        risk="low",
        instant=True,
        tiers=["basic", "premium"],
        days=0,
        materials=[("resident_id_card", "居民身份证", "required", None)],
    )
    pen = _item(
        "T-PEN",
        "退休申请",
        risk="high",
        instant=False,
        tiers=[],
        days=15,
        materials=[
            ("resident_id_card", "居民身份证", "required", None),
            ("bank_account", "银行账户", "deferrable", 5),
        ],
    )
    bundle = Bundle.objects.create(code="t-leaving", name="失业一件事", applicant_type="person")
    BundleItem.objects.create(bundle=bundle, item=une, position=1)
    BundleItem.objects.create(bundle=bundle, item=rec, position=2)
    cast.bank_point.tier = OutletTier.PREMIUM
    cast.bank_point.save(update_fields=["tier"])
    agreement = Agreement.objects.create(
        outlet=cast.bank_point,
        number="XY-CASES-1",
        partner="重庆农商行",
        scope_items=["T-UNE", "T-REC"],
        valid_from=date(2024, 1, 1),
        valid_until=date(2099, 12, 31),
    )
    # The cast's teller is authorised for every delegated step (accept, check, hand over).
    AgreementStaff.objects.bulk_create(
        [AgreementStaff(agreement=agreement, staff=cast.teller.staff, step=step) for step in Step.values]
    )
    return World(cast, une, rec, pen, bundle, agreement)


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def stream(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)


def accept_unemployment_case(world, received):
    """The cast's person applies at the bank point for the test item T-UNE with these materials."""
    from shebao.cases import services

    return services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received=received,
        idempotency_key=new_key(),
    ).case


def approve_all(world, number):
    """The home agency's reviewer, then its approver, claim and approve their steps of the case."""
    from shebao.cases import services

    for user in (world.cast.reviewer, world.cast.approver):
        services.case_claim(user=user, number=number)
        services.case_approve(user=user, number=number)


def make_applicants(home_agency, n: int) -> list:
    """n persons insured (unemployment) at `home_agency`, each with a passport: a load of applicants."""
    from shebao.people.models import IdentityDocument, InsuranceRecord, Person

    persons = Person.objects.bulk_create([Person(name=f"测试{i}", sex="F") for i in range(n)])
    InsuranceRecord.objects.bulk_create(
        [
            InsuranceRecord(
                person=p, insurance_type="unemployment", home_agency=home_agency, start_date="2020-01-01"
            )
            for p in persons
        ]
    )
    IdentityDocument.objects.bulk_create(
        [IdentityDocument(person=p, doc_type="passport", number=f"E{p.pk:08d}") for p in persons]
    )
    return persons
