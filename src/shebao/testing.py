"""The shared cast of the test suite (healthchecks-style): every app's tests use these people.

- a teller at a bank cooperation point in Jiangbei district,
- a reviewer and an approver at the Yuzhong district agency (the cast person's home agency),
- a manager of the Yuzhong agency, an auditor, an admin,
- an outsider: a reviewer at the Wanzhou district agency, who is refused everything of Yuzhong's.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from shebao.core.models import (
    Agency,
    AgencyLevel,
    Outlet,
    OutletKind,
    OutletLevel,
    Role,
    StaffProfile,
    StaffRole,
)

CAST_PASSWORD = "Cast-Passw0rd!"


@dataclass
class Cast:
    province: Agency
    yuzhong: Agency
    jiangbei: Agency
    wanzhou: Agency
    bank_point: Outlet
    yuzhong_hall: Outlet
    teller: object
    reviewer: object
    approver: object
    manager: object
    auditor: object
    admin: object
    outsider: object
    person: object


def make_staff(username: str, name: str, agency: Agency, roles: list[str], outlet: Outlet | None = None):
    # Administrators are Django superusers, as `create-staff --role admin` and the demo make them.
    admin = Role.ADMIN in roles
    user = get_user_model().objects.create_user(
        username=username, password=CAST_PASSWORD, is_staff=admin, is_superuser=admin
    )
    profile = StaffProfile.objects.create(user=user, agency=agency, outlet=outlet, display_name=name)
    StaffRole.objects.bulk_create([StaffRole(profile=profile, role=r) for r in roles])
    return user


def make_cast() -> Cast:
    from shebao.people.models import IdentityDocument, InsuranceRecord, Person, Recipient

    province = Agency.objects.create(code="500000", name="重庆市社会保险事务中心", level=AgencyLevel.PROVINCE)
    yuzhong = Agency.objects.create(
        code="500103", name="渝中区社保中心", level=AgencyLevel.DISTRICT, parent=province
    )
    jiangbei = Agency.objects.create(
        code="500105", name="江北区社保中心", level=AgencyLevel.DISTRICT, parent=province
    )
    wanzhou = Agency.objects.create(
        code="500101", name="万州区社保中心", level=AgencyLevel.DISTRICT, parent=province
    )
    bank_point = Outlet.objects.create(
        code="CQ-JB-B001",
        name="农商银行观音桥支行社银合作点",
        agency=jiangbei,
        level=OutletLevel.COOPERATION,
        kind=OutletKind.BANK,
        latitude=29.5754,
        longitude=106.5322,
    )
    yuzhong_hall = Outlet.objects.create(
        code="CQ-YZ-H001",
        name="渝中区社保服务大厅",
        agency=yuzhong,
        level=OutletLevel.DISTRICT,
        kind=OutletKind.AGENCY_HALL,
        latitude=29.5567,
        longitude=106.5689,
    )
    person = Person.objects.create(name="李秀英", sex="F", birth_date=date(1953, 3, 7), phone="13812345678")
    IdentityDocument.objects.create(person=person, doc_type="resident_id", number="500103195303071224")
    InsuranceRecord.objects.create(
        person=person,
        insurance_type="employee_pension",
        home_agency=yuzhong,
        start_date=date(1985, 7, 1),
        status="stopped",
    )
    # Her unemployment record, from the same working life: unemployment items route by it.
    InsuranceRecord.objects.create(
        person=person,
        insurance_type="unemployment",
        home_agency=yuzhong,
        start_date=date(1999, 1, 1),
        status="stopped",
    )
    Recipient.objects.create(
        person=person,
        benefit_type="employee_pension",
        home_agency=yuzhong,
        monthly_amount=Decimal("3268.50"),
        start_date=date(2003, 4, 1),
        next_certification_due=date(2027, 3, 31),
    )
    return Cast(
        province=province,
        yuzhong=yuzhong,
        jiangbei=jiangbei,
        wanzhou=wanzhou,
        bank_point=bank_point,
        yuzhong_hall=yuzhong_hall,
        teller=make_staff("teller", "王柜员", jiangbei, [Role.TELLER], outlet=bank_point),
        reviewer=make_staff("reviewer", "张初审", yuzhong, [Role.REVIEWER]),
        approver=make_staff("approver", "陈审批", yuzhong, [Role.APPROVER]),
        manager=make_staff("manager", "刘主任", yuzhong, [Role.MANAGER]),
        auditor=make_staff("auditor", "赵稽核", province, [Role.AUDITOR]),
        admin=make_staff("admin", "系统管理员", province, [Role.ADMIN]),
        outsider=make_staff("outsider", "孙外区", wanzhou, [Role.REVIEWER]),
        person=person,
    )


def under_agreement(cast, steps=("accept", "check", "hand_over"), number: str = "XY-CAST-1"):
    """The cast's bank point under a cooperation agreement in force that names its teller for `steps`:
    a partner teller's every right flows from it (issue 12), so tests of window work start here."""
    from shebao.network.models import Agreement, AgreementStaff

    agreement = Agreement.objects.create(
        outlet=cast.bank_point,
        number=number,
        partner="重庆农商行",
        valid_from=date(2024, 1, 1),
        valid_until=date(2099, 12, 31),
    )
    AgreementStaff.objects.bulk_create(
        [AgreementStaff(agreement=agreement, staff=cast.teller.staff, step=step) for step in steps]
    )
    return agreement


def signed_in(client, user):
    """The Django test client, signed in as `user` (password sign-in itself is tested separately)."""
    client.force_login(user)
    return client


def signed_in_with_second_factor(client, user):
    """The test client signed in as `user` who has also passed the second factor (the admin needs it)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def named_urls(namespace: str) -> list[str]:
    """Every named URL of an app ("network:agreement", ...), so a test can cover pages added later."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == namespace:
            found += [f"{namespace}:{p.name}" for p in entry.url_patterns if isinstance(p, URLPattern)]
    return found
