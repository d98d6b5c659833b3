"""The authorisation matrix (issue 12): every state-changing route, pages and API, is classified here, read
from the URL conf and the API's own schema, so a new route fails the first test until someone decides how
it is guarded. The object actions on cases are then walked for every role of staff × the case of their own
district, of another district and of a partner point: wherever the role may not act, the answer is a
refusal and nothing in the database changed. Each probe runs in a transaction rolled back afterwards, so
every probe meets the same state."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from shebao.api import api
from shebao.cases import services
from shebao.cases.tests.helpers import make_applicants, make_world, new_key, pin_day
from shebao.core.models import Outlet, OutletKind, OutletLevel, Role
from shebao.network.models import Agreement, AgreementStaff, AgreementStatus, Step
from shebao.testing import make_staff, signed_in, signed_in_with_second_factor

# How each route is guarded. PAGE routes by URL name, API writes by "METHOD /path".
READ = "read only (GET pages and files; staff reads are scoped by the rules and audited)"
PUBLIC = "citizen or anonymous: acts only on what its own token, code or session proves"
ACCOUNT = "the signed-in member of staff's own account or session"
ADMIN = "the Django admin: administrators with a second factor (core/tests/test_admin.py)"
MATRIX = "walked below for every role × own / another district's / a partner point's case"
HALL = (
    "hall staff pages: the window's or hall's own staff (hall/tests/test_window_steps.py, test_hall_pages.py)"
)
NETWORK = "managers of the outlet's agency (network/tests/test_manager_pages_refuse_others.py)"
PEOPLE = "tellers standing at their outlet (tests/test_partner_rights_end_with_the_agreement.py)"
INTAKE = "tellers, per item by the outlet's tier and agreement (tests/test_network_rights_at_the_window.py)"
ONLINE = "tellers of an agency hall of the home agency (cases/tests/test_online_applications.py)"
OVERRIDE = (
    "a manager or approver over the recording teller, never the recorder "
    "(people/tests/test_supervised_override_pages_and_api.py)"
)
STAND_INS = (
    "managers over the holder (cases/tests/test_stand_ins_take_over_a_post_while_its_holder_is_away.py)"
)
RECORDS = (
    "staff who may read the person (records.person.read), managers of the home agency to revoke, a citizen "
    "for themself or a bound relative (records/tests/test_certificates_verify_and_issue.py)"
)
CERTIFICATION = (
    "certification staff by rule: devices and runs for managers, spot checks and recoveries for the back "
    "office of the recipient's agency, write-offs by a second person "
    "(certification/tests/test_staff_pages_refuse_others.py)"
)
CONSULT = (
    "staff serving the public of the asker's home agency or above it; reviewers and managers promote "
    "(consult/tests/test_hand_over_to_a_person.py)"
)
POST = (
    "the back office of the woman's home agency (notify/tests/test_a_woman_s_post_sets_her_retirement_age.py)"
)
QUEUE = "the back office's own queue, scoped to its agency and roles (cases/tests/test_concurrent_claims.py)"

PAGES = {
    "core:home": READ,
    "core:id_check": READ,
    "core:elder_mode": PUBLIC,
    "core:login": ACCOUNT,
    "core:logout": ACCOUNT,
    "core:staff_home": READ,
    "core:password_change": ACCOUNT,
    "core:otp_setup": ACCOUNT,
    "core:otp_verify": ACCOUNT,
    "core:audit_log": READ,
    "consult:pension": READ,
    "consult:unemployment": READ,
    "consult:my_pension": READ,
    "consult:staff_pension": READ,
    "consult:ask": PUBLIC,
    "consult:hand_over": PUBLIC,
    "consult:mine": PUBLIC,
    "consult:staff_tickets": READ,
    "consult:staff_ticket": CONSULT,
    "consult:unanswered": READ,
    "core:stand_ins": STAND_INS,
    "core:dev_outbox": READ,
    "core:favicon": READ,
    "people:search": READ,
    "people:register": PEOPLE,
    "people:employer_register": PEOPLE,
    "people:detail": READ,
    "people:proxies": PEOPLE,
    "people:post": POST,
    "people:overrides": READ,
    "people:override_approve": OVERRIDE,
    "portal:home": PUBLIC,
    "portal:sign_in": PUBLIC,
    "portal:sign_in_code": PUBLIC,
    "portal:sign_out": PUBLIC,
    "portal:proxy_add": PUBLIC,
    "portal:proxy_confirm": PUBLIC,
    "portal:proxy_end": PUBLIC,
    "notify:retirement_age": PUBLIC,
    "notify:inbox": PUBLIC,
    "notify:inbox_read": PUBLIC,
    "notify:preferences": PUBLIC,
    "notify:employer_inbox": PUBLIC,
    "notify:agency_inbox": READ,
    "notify:stats": READ,
    "catalog:index": READ,
    "catalog:wizard": READ,
    "catalog:item": READ,
    "catalog:item_qr": READ,
    "catalog:item_pdf": READ,
    "catalog:item_notice": READ,
    "catalog:bundle": READ,
    "catalog:bundle_qr": READ,
    "catalog:bundle_pdf": READ,
    "network:map": READ,
    "network:coverage": READ,
    "network:overseen": READ,
    "network:agreement": NETWORK,
    "network:agreement_authorise": NETWORK,
    "network:agreement_revoke": NETWORK,
    "network:agreement_change": NETWORK,
    "network:outlet": READ,
    "network:outlines": READ,
    "network:agreement_new": NETWORK,
    "network:plaque": READ,
    "network:outlet_status": NETWORK,
    "hall:ticket": PUBLIC,
    "hall:ticket_status": PUBLIC,
    "hall:rate": PUBLIC,
    "hall:pad": PUBLIC,
    "hall:book_outlet": PUBLIC,
    "hall:find_appointment": PUBLIC,
    "hall:appointment": PUBLIC,
    "hall:appointment_action": PUBLIC,
    "hall:home_visit_request": PUBLIC,
    "hall:home_visit_status": PUBLIC,
    "hall:home_visit_rate": PUBLIC,
    "hall:case_rate": PUBLIC,
    "hall:home_visits": HALL,
    "hall:home_visit_new": HALL,
    "hall:home_visit": HALL,
    "hall:home_visit_record": HALL,
    "hall:home_visit_photo": HALL,
    "hall:staff_home": READ,
    "hall:my_window": HALL,
    "hall:my_tickets": READ,
    "hall:window": HALL,
    "hall:window_waiting": READ,
    "hall:window_action": MATRIX,
    "hall:follow_ups": READ,
    "hall:follow_up": HALL,
    "hall:statistics_all": READ,
    "hall:take": PUBLIC,
    "hall:check_in": PUBLIC,
    "hall:book": PUBLIC,
    "hall:display": READ,
    "hall:display_board": READ,
    "hall:poster": READ,
    "hall:statistics": READ,
    "hall:appointments": READ,
    "cases:accept": READ,
    "cases:accept_submit": INTAKE,
    "cases:accept_employer": READ,
    "cases:accept_employer_submit": INTAKE,
    "cases:mine_employer": PUBLIC,
    "cases:case_scan": READ,
    "cases:queue": READ,
    "cases:claim_next": QUEUE,
    "cases:stats": READ,
    "cases:track": PUBLIC,
    "cases:track_supplement": PUBLIC,
    "cases:track_letter": PUBLIC,
    "cases:mine": PUBLIC,
    "cases:mine_detail": PUBLIC,
    "cases:mine_supplement": PUBLIC,
    "cases:mine_delivery": PUBLIC,
    "cases:mine_letter": PUBLIC,
    "cases:online_choose": PUBLIC,
    "cases:online_apply": PUBLIC,
    "cases:online_mine_detail": PUBLIC,
    "cases:online_withdraw": PUBLIC,
    "cases:online_queue": READ,
    "cases:online_check": READ,
    "cases:online_scan": READ,
    "cases:online_decide": ONLINE,
    "cases:detail": READ,
    "cases:receipt": READ,
    "cases:act": MATRIX,
    "cases:letter": READ,
    "set_language": PUBLIC,
    "healthz": READ,
    "certification:mine": READ,
    "certification:certify": READ,
    "certification:desk": READ,
    "certification:devices": CERTIFICATION,
    "certification:overdue": CERTIFICATION,
    "certification:spot_checks": CERTIFICATION,
    "certification:spot_check_photo": READ,
    "certification:recoveries": CERTIFICATION,
    "certification:recovery": CERTIFICATION,
    "certification:letter": READ,
    "certification:runs": CERTIFICATION,
    "certification:run": READ,
    "records:verify_start": PUBLIC,
    "records:verify": PUBLIC,
    "records:revoke": RECORDS,
    "records:pdf": READ,
    "records:mine": PUBLIC,
    "records:window": RECORDS,
    "records:kiosk": PUBLIC,
    "records:kiosk_code": PUBLIC,
    "records:kiosk_choose": PUBLIC,
    "records:kiosk_pdf": PUBLIC,
    "records:kiosk_end": PUBLIC,
}
API_WRITES = {
    "POST /api/v1/persons": PEOPLE,
    "POST /api/v1/persons/{person_id}/documents": PEOPLE,
    "POST /api/v1/persons/overrides": PEOPLE,
    "POST /api/v1/persons/overrides/{document_id}/approve": OVERRIDE,
    "POST /api/v1/hall/tickets": PUBLIC,
    "POST /api/v1/hall/windows/{window_id}/call-next": MATRIX,
    "POST /api/v1/hall/evaluations": PUBLIC,
    "POST /api/v1/hall/appointments": PUBLIC,
    "POST /api/v1/hall/appointments/{code}/cancel": PUBLIC,
    "POST /api/v1/hall/appointments/{code}/check-in": PUBLIC,
    "POST /api/v1/hall/home-visits": PUBLIC,
    "POST /api/v1/cases": INTAKE,
    "POST /api/v1/cases/employer": INTAKE,
    "POST /api/v1/cases/{number}/actions": MATRIX,
    "POST /api/v1/certificates": RECORDS,
    "POST /api/v1/certificates/{number}/verify": PUBLIC,
    # A device's call: only a signature by a registered, unrevoked key is believed (certification tests).
    "POST /api/v1/certification/nonces": PUBLIC,
    "POST /api/v1/certification/attestations": PUBLIC,
}


def page_routes(resolver=None, namespace: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from page_routes(entry, inner)
        elif isinstance(entry, URLPattern):
            yield ":".join(n for n in (namespace, entry.name or "") if n)


def api_writes() -> set[str]:
    paths = api.get_openapi_schema()["paths"]
    return {
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method in operations
        if method.upper() not in ("GET", "HEAD", "OPTIONS")
    }


def test_every_route_is_classified_so_a_new_one_cannot_escape_the_matrix():
    pages = {name for name in page_routes() if not name.startswith("admin") and not name.startswith("api:")}
    assert pages - set(PAGES) == set(), "classify these pages in PAGES"
    assert "admin:index" in set(page_routes())  # the admin is there, and guarded as ADMIN says
    assert api_writes() - set(API_WRITES) == set(), "classify these API writes in API_WRITES"
    # Nothing classified is stale either: a removed route is removed here too.
    assert set(PAGES) - pages == set() and set(API_WRITES) - api_writes() == set()


# --- the walk over case actions -------------------------------------------------------------------------

VARIANTS = ("own", "other", "partner")  # Yuzhong's hall, Wanzhou's hall, the bank point (home Yuzhong)
ACTIONS = ("claim", "approve", "return", "reject", "transfer", "deliver", "supplement")
BACK_OFFICE = {"reviewer", "approver", "manager", "auditor", "outsider"}
TELLER_AT = {"own": "hall_teller", "other": "far_teller", "partner": "teller"}


def covers(role: str, variant: str) -> bool:
    """Back office whose agency is the case's home agency or above it."""
    if role == "auditor":  # the province's
        return True
    if role == "outsider":  # Wanzhou's reviewer
        return variant == "other"
    return role in {"reviewer", "approver", "manager"} and variant in ("own", "partner")


def allowed(role: str, action: str, variant: str) -> bool:
    if action in ("claim", "approve", "return", "reject"):
        return role in BACK_OFFICE and covers(role, variant)
    if action == "transfer":
        return role in {"reviewer", "manager", "outsider"} and covers(role, variant)
    if action == "deliver":
        return TELLER_AT[variant] == role or (role in BACK_OFFICE and covers(role, variant))
    # supplement: any window of the network standing for the check step on an item its outlet takes (the
    # bank point's agreement lists T-UNE and T-REC, not the halls-only T-PEN of the own case)
    if role in {"hall_teller", "far_teller"}:
        return True
    if role == "teller":
        return variant in ("other", "partner")
    return role in BACK_OFFICE and covers(role, variant)


@dataclass
class Target:
    open_number: str  # accepted, one material deferred
    done_number: str  # completed, ready to hand over


def body(role_outlet: str, action: str) -> dict:
    return {
        "action": action,
        "reason": "材料不全，依据条例第十条",
        "materials": ["resident_id_card"],
        "material": "bank_account" if action == "supplement" else "",
        "days": 5,
        "to_agency": "500105",
        "method": "window",
        "outlet": role_outlet,
    }


def fingerprint() -> str:
    """Every row of the tables a case action could touch (the audit log is left out: refusals are audited)."""
    digest = hashlib.sha256()
    for label in ("cases", "people", "network", "hall"):
        for model in apps.get_app_config(label).get_models():
            rows = model.objects.order_by("pk").values_list()
            digest.update(repr(list(rows)).encode())
    digest.update(repr(list(Outlet.objects.order_by("pk").values_list())).encode())
    return digest.hexdigest()


@pytest.fixture
def matrix(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    world = make_world(cast)
    world.agreement.scope_items = ["T-UNE", "T-REC"]
    world.agreement.save(update_fields=["scope_items"])
    wanzhou_hall = Outlet.objects.create(
        code="CQ-WZ-H001",
        name="万州区社保服务大厅",
        agency=cast.wanzhou,
        level=OutletLevel.DISTRICT,
        kind=OutletKind.AGENCY_HALL,
        latitude=30.8078,
        longitude=108.4089,
    )
    staff = {
        role: getattr(cast, role)
        for role in ("teller", "reviewer", "approver", "manager", "auditor", "admin", "outsider")
    }
    staff["hall_teller"] = make_staff(
        "hall.teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall
    )
    staff["far_teller"] = make_staff("far.teller", "吴柜员", cast.wanzhou, [Role.TELLER], outlet=wanzhou_hall)
    staff["guide"] = make_staff("guide", "杨引导", cast.yuzhong, [Role.GUIDE], outlet=cast.yuzhong_hall)
    staff["suspended_teller"] = suspended_partner_teller(cast)
    wanzhou_person = make_applicants(cast.wanzhou, 1)[0]

    def accept(teller, person, item, received):
        return services.case_accept(
            teller=teller, person=person, item_code=item, received=received, idempotency_key=new_key()
        ).case.number

    targets = {
        "own": Target(
            accept(staff["hall_teller"], cast.person, "T-PEN", {"resident_id_card"}),
            accept(staff["hall_teller"], cast.person, "T-REC", {"resident_id_card"}),
        ),
        "other": Target(
            accept(
                staff["far_teller"],
                wanzhou_person,
                "T-UNE",
                {"resident_id_card", "unemployment_registration"},
            ),
            accept(staff["far_teller"], wanzhou_person, "T-REC", {"resident_id_card"}),
        ),
        "partner": Target(
            accept(staff["teller"], cast.person, "T-UNE", {"resident_id_card", "unemployment_registration"}),
            accept(staff["teller"], cast.person, "T-REC", {"resident_id_card"}),
        ),
    }
    return Matrix(staff, targets, {"own": cast.person, "other": wanzhou_person}, wanzhou_hall)


def suspended_partner_teller(cast):
    """A teller named for every step at a post-office point whose agreement is suspended: no right at all."""
    post_office = Outlet.objects.create(
        code="CQ-YZ-P001",
        name="渝中邮政社保合作点",
        agency=cast.yuzhong,
        level=OutletLevel.COOPERATION,
        kind=OutletKind.POSTAL,
        tier="premium",
        latitude=29.5571,
        longitude=106.5701,
    )
    user = make_staff("post.teller", "郑柜员", cast.yuzhong, [Role.TELLER], outlet=post_office)
    agreement = Agreement.objects.create(
        outlet=post_office,
        number="XY-POST-1",
        partner="中国邮政",
        scope_items=["T-UNE", "T-REC"],
        valid_from=date(2024, 1, 1),
        valid_until=date(2099, 12, 31),
        status=AgreementStatus.SUSPENDED,
    )
    AgreementStaff.objects.bulk_create(
        [AgreementStaff(agreement=agreement, staff=user.staff, step=step) for step in Step.values]
    )
    return user


@dataclass
class Matrix:
    staff: dict
    cases: dict
    persons: dict
    wanzhou_hall: Outlet


def sign_in_as(client, role: str, user) -> None:
    # The administrator passes the second factor, so the refusal seen is the rule's, not the sign-in's.
    (signed_in_with_second_factor if role == "admin" else signed_in)(client, user)


def case_request(interface: str, number: str, payload: dict) -> tuple[str, dict]:
    if interface == "page":
        return f"/cases/{number}/act/", {k: v for k, v in payload.items() if v != ""}
    return f"/api/v1/cases/{number}/actions", {k: v for k, v in payload.items() if k != "material"}


@pytest.mark.parametrize("interface", ["page", "api"])
def test_every_case_action_is_refused_to_every_role_without_the_right_and_changes_nothing(
    client, matrix, interface
):
    staff, targets = matrix.staff, matrix.cases
    checked = allowed_seen = 0
    for role, user in staff.items():
        sign_in_as(client, role, user)
        own_outlet = getattr(user.staff.outlet, "code", "")
        for action in ACTIONS:
            if interface == "api" and action == "supplement":
                continue  # the API has no supplement action; the page's is walked
            for variant in VARIANTS:
                target = targets[variant]
                number = target.done_number if action == "deliver" else target.open_number
                path, payload = case_request(interface, number, body(own_outlet, action))
                may = allowed(role, action, variant)
                status, changed = send(client, interface, path, payload, watch=not may)
                where = (interface, role, action, variant, status)
                if may:
                    allowed_seen += 1
                    # The case is within their reach (a step of another role may still be refused).
                    assert status != 404, where
                    continue
                checked += 1
                assert not changed, where
                # Pages answer a refusal of a case one may see with the case page and the message (302).
                assert status in ((403, 404) if interface == "api" else (302, 403, 404)), where
    assert checked > 100 and allowed_seen > 40  # the walk is not vacuous


# --- persons and outlets ----------------------------------------------------------------------------------

TELLERS = {
    "teller",
    "hall_teller",
    "far_teller",
}  # standing at their outlets (the bank point under agreement)
NEW_PERSON = {
    "name": "陈家豪",
    "doc_type": "resident_id",
    "number": "500105199008081017",
    "phone": "13912345678",
}

NEW_EMPLOYER = {
    "credit_code": "91500105MA60XY1235",
    "name": "重庆江北新材料有限公司",
    "handler_name": "钱经办",
    "handler_doc_type": "resident_id",
    "handler_number": "500103198001011238",
}


def person_requests(person) -> dict:
    """(method, path, form or JSON body) of each write on a person or a new person, intake included."""
    received = ["resident_id_card", "unemployment_registration"]
    return {
        "page accept": (
            "page",
            "/cases/accept/submit/",
            {"person_id": person.pk, "item": "T-UNE", "key": new_key(), "received": received},
        ),
        "api accept": (
            "api",
            "/api/v1/cases",
            {"person_id": person.pk, "item_code": "T-UNE", "received": received},
        ),
        "page register": ("page", "/staff/persons/new/", NEW_PERSON),
        "api register": ("api", "/api/v1/persons", NEW_PERSON),
        "page register employer": ("page", "/staff/persons/employers/new/", NEW_EMPLOYER),
        "page bind proxy": (
            "page",
            f"/staff/persons/{person.pk}/proxies/",
            {
                "name": "李小明",
                "doc_type": "resident_id",
                "number": "500105199008081017",
                "relation": "child",
            },
        ),
        "api add document": (
            "api",
            f"/api/v1/persons/{person.pk}/documents",
            {"doc_type": "passport", "number": "E12345678"},
        ),
    }


def outlet_requests(outlet) -> dict:
    requests = {
        "outlet status": ("page", f"/outlets/{outlet.code}/status/", {"status": "closed", "reason": "装修"}),
        "new agreement": ("page", f"/outlets/{outlet.code}/agreements/new/", {"number": "XY-NEW-9"}),
    }
    agreement = outlet.agreements.first()
    if agreement is not None:  # the bank point's (Jiangbei's: Yuzhong's manager has no say over it)
        staff = {"staff": outlet.staff.first().pk, "step": "accept"}
        path = f"/outlets/agreements/{agreement.number}"
        requests |= {
            "suspend agreement": ("page", f"{path}/suspend/", {"reason": "考核不合格"}),
            "end agreement": ("page", f"{path}/end/", {"reason": "合作到期"}),
            "authorise on agreement": ("page", f"{path}/authorise/", staff),
            "revoke on agreement": ("page", f"{path}/revoke/", staff),
        }
    return requests


def send(client, interface: str, path: str, payload: dict, watch: bool = True):
    """One request, rolled back so every probe meets the same state: (status, whether anything changed,
    looked at when `watch`)."""
    with transaction.atomic():
        before = fingerprint() if watch else ""
        if interface == "page":
            response = client.post(path, payload)
        else:
            response = client.post(
                path,
                json.dumps(payload),
                content_type="application/json",
                headers={"Idempotency-Key": new_key()},
            )
        changed = watch and fingerprint() != before
        transaction.set_rollback(True)
    return response.status_code, changed


def test_person_and_outlet_writes_are_refused_to_every_role_without_the_right(client, matrix, cast):
    """Persons: only tellers standing at their outlet write (全城通办: any district's person of the
    network). Outlets: the managers of the outlet's agency and administrators (Yuzhong's: own hall only)."""
    outlets = {"own": cast.yuzhong_hall, "other": matrix.wanzhou_hall, "partner": cast.bank_point}
    checked = 0
    for role, user in matrix.staff.items():
        sign_in_as(client, role, user)
        for variant, person in matrix.persons.items():
            for name, (interface, path, payload) in person_requests(person).items():
                if role in TELLERS:
                    continue  # allowed: their writes are the people app's own tests
                status, changed = send(client, interface, path, payload)
                assert not changed and status in (403, 404), (role, name, variant, status)
                checked += 1
        for variant, outlet in outlets.items():
            for name, (interface, path, payload) in outlet_requests(outlet).items():
                if role == "admin" or (role == "manager" and variant == "own"):
                    continue
                status, changed = send(client, interface, path, payload)
                assert not changed and status in (403, 404), (role, name, variant, status)
                checked += 1
    assert checked > 100


def test_only_the_back_office_pulls_work_from_the_queue(client, matrix):
    for role, user in matrix.staff.items():
        if role in BACK_OFFICE:
            continue
        sign_in_as(client, role, user)
        status, changed = send(client, "page", "/cases/queue/next/", {})
        assert not changed and status == 403, (role, status)


def test_hall_windows_are_operated_only_by_their_outlet_s_tellers_and_managers(client, matrix, cast):
    """Own: Yuzhong's hall; other: Wanzhou's; partner: the post-office point, whose agreement is suspended."""
    from shebao.hall.models import ServiceCategory, Window

    post_office = matrix.staff["suspended_teller"].staff.outlet
    windows = {}
    for variant, outlet in (
        ("own", cast.yuzhong_hall),
        ("other", matrix.wanzhou_hall),
        ("partner", post_office),
    ):
        category = ServiceCategory.objects.create(outlet=outlet, code="pension", name="养老待遇", prefix="A")
        windows[variant] = Window.objects.create(outlet=outlet, number=1, comprehensive=True)
        windows[variant].categories.add(category)
    may = {("hall_teller", "own"), ("manager", "own"), ("manager", "partner"), ("far_teller", "other")}
    checked = 0
    for role, user in matrix.staff.items():
        sign_in_as(client, role, user)
        for variant, window in windows.items():
            for interface, path in (
                ("page", f"/hall/windows/{window.pk}/call/"),
                ("api", f"/api/v1/hall/windows/{window.pk}/call-next"),
            ):
                status, changed = send(client, interface, path, {}, watch=(role, variant) not in may)
                if (role, variant) in may:
                    assert status not in (403, 404), (role, variant, interface, status)
                    continue
                assert not changed and status in (403, 404), (role, variant, interface, status)
                checked += 1
    assert checked > 50
