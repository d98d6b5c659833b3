"""Online applications: the citizen applies and uploads, a hall teller of the home agency accepts (the case
starts) or returns it with everything missing at once; nothing is lost or made twice."""

import threading

import pytest
from django.db import connection

from shebao.cases import online
from shebao.cases.models import Case, CaseState, OnlineApplication, OnlineScan, OnlineState
from shebao.cases.tests.helpers import PDF, PNG, new_key
from shebao.cases.uploads import check_scan
from shebao.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from shebao.core.models import AuditEntry, Role, TextMessage
from shebao.people import proxies
from shebao.people.tests.citizen_helpers import person_with_phone
from shebao.testing import make_staff

SON, SON_PHONE = "500103198001011238", "13900001111"
GOOD = {"resident_id_card", "unemployment_registration"}


@pytest.fixture
def offered(world):
    """The test item T-UNE is offered online; a teller works at the home agency's (渝中) hall."""
    world.unemployment.channels = ["window", "online"]
    world.unemployment.save(update_fields=["channels"])
    world.hall_teller = make_staff(
        "hallteller", "周受理", world.cast.yuzhong, [Role.TELLER], outlet=world.cast.yuzhong_hall
    )
    return world


def scans(*keys, content=PDF):
    return [check_scan(k, f"{k}.pdf", content) for k in keys]


def apply(world, *, keys=GOOD, citizen=None, person=None, key=None):
    citizen = citizen or world.cast.person
    return online.online_apply(
        citizen=citizen,
        person=person or citizen,
        item_code="T-UNE",
        scans=scans(*keys),
        idempotency_key=key or new_key(),
    )


def test_an_application_keeps_the_files_and_waits_at_the_home_agency_with_a_text(offered):
    application = apply(offered)
    assert application.state == OnlineState.SUBMITTED and application.reference.startswith("WS20261124")
    assert application.home_agency == offered.cast.yuzhong
    assert set(application.scans.values_list("material_key", flat=True)) == GOOD
    text = TextMessage.objects.get(purpose="cases.online.received")
    assert text.phone == "13812345678" and application.reference in text.body
    assert AuditEntry.objects.filter(action="cases.online.submitted", object_id=str(application.pk)).exists()


def test_every_missing_required_material_is_named_at_once_and_nothing_is_kept(offered):
    with pytest.raises(ValidationFailed) as refused:
        apply(offered, keys=())
    assert set(refused.value.fields) == {"scan_resident_id_card", "scan_unemployment_registration"}
    assert not OnlineApplication.objects.exists() and not OnlineScan.objects.exists()


def test_an_item_not_offered_online_is_refused(world):
    with pytest.raises(ValidationFailed) as refused:
        apply(world)
    assert refused.value.code == "not_online" and not OnlineApplication.objects.exists()
    with pytest.raises(NotFound):
        online.online_apply(
            citizen=world.cast.person,
            person=world.cast.person,
            item_code="NOPE",
            scans=[],
            idempotency_key="k",
        )


def test_a_retry_returns_the_first_application_and_a_second_one_waits_for_the_first(offered):
    first = apply(offered, key="tap-1")
    assert apply(offered, key="tap-1").pk == first.pk
    with pytest.raises(Conflict) as twice:
        apply(offered, key="tap-2")
    assert twice.value.code == "already_waiting"
    with pytest.raises(Conflict):
        apply(
            offered,
            keys=("resident_id_card", "unemployment_registration", "termination_certificate"),
            key="tap-1",
        )
    assert (
        OnlineApplication.objects.count() == 1
        and TextMessage.objects.filter(purpose="cases.online.received").count() == 1
    )


def test_only_for_oneself_or_someone_bound(offered):
    son = person_with_phone("王小明", SON, SON_PHONE)
    with pytest.raises(ValidationFailed) as refused:
        apply(offered, citizen=son, person=offered.cast.person)
    assert "person" in refused.value.fields
    proxies.proxy_bind_at_window(
        teller=offered.cast.teller, proxy=son, principal=offered.cast.person, relation="parent"
    )
    application = apply(offered, citizen=son, person=offered.cast.person)
    assert application.applied_by == son and application.person == offered.cast.person
    assert set(
        TextMessage.objects.filter(purpose="cases.online.received").values_list("phone", flat=True)
    ) == {
        "13812345678",
        SON_PHONE,
    }


def test_the_hall_teller_accepts_and_the_case_starts_with_the_files_and_its_time_limit(offered):
    application = apply(offered)
    case = online.online_accept(user=offered.hall_teller, reference=application.reference, received=GOOD)
    assert isinstance(case, Case) and case.state == CaseState.ACCEPTED
    assert case.home_agency == offered.cast.yuzhong and case.accepted_by == offered.hall_teller
    assert set(case.scans.values_list("material_key", flat=True)) == GOOD
    assert case.materials.get(key="termination_certificate").status == "deferred"
    application.refresh_from_db()
    assert application.state == OnlineState.ACCEPTED and application.case == case
    assert TextMessage.objects.filter(purpose="cases.accepted", body__contains=case.number).exists()
    with pytest.raises(Conflict) as again:
        online.online_accept(user=offered.hall_teller, reference=application.reference, received=GOOD)
    assert again.value.code == "not_waiting" and Case.objects.count() == 1


def test_a_bound_proxy_is_recorded_on_the_case(offered):
    son = person_with_phone("王小明", SON, SON_PHONE)
    proxies.proxy_bind_at_window(
        teller=offered.cast.teller, proxy=son, principal=offered.cast.person, relation="parent"
    )
    application = apply(offered, citizen=son, person=offered.cast.person)
    case = online.online_accept(user=offered.hall_teller, reference=application.reference, received=GOOD)
    assert case.proxy_basis == "binding" and case.proxy_name == "王小明" and case.proxy_doc_number == SON


def test_an_unreadable_required_scan_returns_the_application_with_a_one_time_notice(offered):
    application = apply(offered)
    returned = online.online_accept(
        user=offered.hall_teller, reference=application.reference, received={"resident_id_card"}
    )
    assert returned.state == OnlineState.RETURNED and returned.missing == ["失业登记证明"]
    assert not Case.objects.exists()
    text = TextMessage.objects.get(purpose="cases.online.returned")
    assert "失业登记证明" in text.body and application.reference in text.body
    # Returned: the citizen may apply again at once.
    assert apply(offered).state == OnlineState.SUBMITTED


def test_a_return_needs_a_reason_and_names_the_materials(offered):
    application = apply(offered)
    with pytest.raises(ValidationFailed):
        online.online_return(
            user=offered.hall_teller, reference=application.reference, reason=" ", missing_keys=[]
        )
    returned = online.online_return(
        user=offered.hall_teller,
        reference=application.reference,
        reason="身份证照片看不清",
        missing_keys=["resident_id_card", "not-a-material"],
    )
    assert returned.missing == ["居民身份证"] and returned.reason == "身份证照片看不清"


def test_only_a_hall_teller_of_the_home_agency_accepts(offered):
    application = apply(offered)
    jiangbei_hall = offered.cast.yuzhong_hall.__class__.objects.create(
        code="CQ-JB-H001",
        name="江北区社保服务大厅",
        agency=offered.cast.jiangbei,
        level="district",
        kind="agency_hall",
        latitude=29.57,
        longitude=106.53,
    )
    other = make_staff("jbhall", "江北受理", offered.cast.jiangbei, [Role.TELLER], outlet=jiangbei_hall)
    for user in (
        offered.cast.teller,
        offered.cast.reviewer,
        other,
    ):  # bank point, back office, other district
        with pytest.raises(NotAllowed):
            online.online_accept(user=user, reference=application.reference, received=GOOD)
    assert OnlineApplication.objects.get().state == OnlineState.SUBMITTED and not Case.objects.exists()


def test_the_citizen_withdraws_while_it_waits_and_nobody_else_can(offered):
    application = apply(offered)
    son = person_with_phone("王小明", SON, SON_PHONE)
    with pytest.raises(NotFound):
        online.online_withdraw(citizen=son, reference=application.reference)
    assert (
        online.online_withdraw(citizen=offered.cast.person, reference=application.reference).state
        == "withdrawn"
    )
    with pytest.raises(Conflict):
        online.online_accept(user=offered.hall_teller, reference=application.reference, received=GOOD)


def test_a_file_that_is_not_a_scan_is_refused_before_anything_is_kept(offered):
    with pytest.raises(ValidationFailed):
        scans("resident_id_card", content=b"MZ\x90\x00 not a scan")
    assert apply(offered, keys=GOOD).scans.filter(content_type="application/pdf").count() == 2
    assert check_scan("resident_id_card", "id.png", PNG).content_type == "image/png"


@pytest.mark.django_db(transaction=True)
def test_two_tellers_accepting_at_once_make_one_case(offered):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers anyway")
    application = apply(offered)
    second = make_staff(
        "hallteller2", "吴受理", offered.cast.yuzhong, [Role.TELLER], outlet=offered.cast.yuzhong_hall
    )
    results, barrier = [], threading.Barrier(2)

    def accept(user):
        barrier.wait()
        try:
            results.append(online.online_accept(user=user, reference=application.reference, received=GOOD))
        except Conflict as conflict:
            results.append(conflict)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (offered.hall_teller, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(r).__name__ for r in results) == ["Case", "Conflict"]
    assert Case.objects.count() == 1


# --- The pages --------------------------------------------------------------------------------------


def test_the_citizen_applies_on_the_pages_and_the_hall_teller_accepts(client, offered):
    from shebao.cases.tests.helpers import upload
    from shebao.people.tests.citizen_helpers import sign_in
    from shebao.testing import signed_in

    sign_in(client, "500103195303071224", "13812345678")
    assert "online-start" in client.get("/my/").content.decode()
    listing = client.get("/cases/apply/").content.decode()
    assert "online-item-T-UNE" in listing and "online-item-T-REC" not in listing  # T-REC is window-only
    form = client.get("/cases/apply/T-UNE/").content.decode()
    assert 'name="scan_resident_id_card"' in form
    key = form.split('name="key" value="')[1].split('"')[0]
    person = str(offered.cast.person.pk)
    # A missing required material: the form again, each missing one named, nothing kept.
    again = client.post(
        "/cases/apply/T-UNE/", {"key": key, "person": person, "scan_resident_id_card": upload("id.pdf", PDF)}
    )
    assert again.status_code == 422 and "失业登记证明" in again.content.decode()
    assert not OnlineApplication.objects.exists()
    files = {f"scan_{k}": upload(f"{k}.pdf", PDF) for k in GOOD}
    sent = client.post("/cases/apply/T-UNE/", {"key": key, "person": person, **files})
    application = OnlineApplication.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/cases/applications/{application.reference}/"
    assert "online-withdraw" in client.get(sent["Location"]).content.decode()

    staff = signed_in(client.__class__(), offered.hall_teller)
    assert application.reference in staff.get("/cases/online/").content.decode()
    check = staff.get(f"/cases/online/{application.reference}/").content.decode()
    assert "李**" in check and "500103195303071224" not in check
    assert AuditEntry.objects.filter(action="cases.online.viewed", actor_id=offered.hall_teller.pk).exists()
    scan = application.scans.get(material_key="resident_id_card")
    opened = staff.get(f"/cases/online/{application.reference}/scans/{scan.pk}/")
    assert opened["Content-Type"] == "application/pdf" and b"".join(opened.streaming_content) == PDF
    decided = staff.post(
        f"/cases/online/{application.reference}/decide/", {"decision": "accept", "good": sorted(GOOD)}
    )
    case = Case.objects.get()
    assert decided["Location"] == f"/cases/{case.number}/receipt/"
    assert case.number in client.get(f"/cases/applications/{application.reference}/").content.decode()


def test_staff_of_another_district_and_citizens_not_bound_see_nothing(client, offered):
    from shebao.people.tests.citizen_helpers import sign_in
    from shebao.testing import signed_in

    application = apply(offered)
    outsider = signed_in(client.__class__(), offered.cast.outsider)
    assert outsider.get(f"/cases/online/{application.reference}/").status_code == 403
    assert outsider.get("/cases/online/").status_code == 403
    person_with_phone("王小明", SON, SON_PHONE)
    sign_in(client, SON, SON_PHONE)
    assert client.get(f"/cases/applications/{application.reference}/").status_code == 404
    assert application.reference not in client.get("/my/").content.decode()


def test_the_items_offered_online_are_those_with_the_channel_and_a_guide_in_force(offered):
    from datetime import date

    from shebao.catalog.models import ItemVersion

    assert [i.code for i in online.online_items()] == ["T-UNE"]
    ItemVersion.objects.filter(item=offered.unemployment).update(effective_until=date(2026, 11, 24))
    assert online.online_items() == []  # its guide ended: not offered until a new one is in force


def test_a_stored_upload_changed_since_is_refused_at_acceptance_and_nothing_is_made(offered):
    from django.core.files.storage import default_storage

    application = apply(offered)
    stored = application.scans.get(material_key="resident_id_card").file.name
    with default_storage.open(stored, "wb") as f:
        f.write(PDF + b"% altered")  # still a PDF, but not the file the citizen sent
    with pytest.raises(Conflict):
        online.online_accept(user=offered.hall_teller, reference=application.reference, received=GOOD)
    application.refresh_from_db()
    assert application.state == OnlineState.SUBMITTED and not Case.objects.exists()


def test_a_relative_bound_to_the_applicant_may_withdraw_what_they_see(offered):
    application = apply(offered)  # the mother applies herself
    son = person_with_phone("王小明", SON, SON_PHONE)
    proxies.proxy_bind_at_window(
        teller=offered.cast.teller, proxy=son, principal=offered.cast.person, relation="parent"
    )
    assert application in online.followed_by(son)
    assert online.online_withdraw(citizen=son, reference=application.reference).state == "withdrawn"


def test_an_online_application_is_due_for_its_first_check_the_next_working_day(offered, monkeypatch, client):
    from datetime import date

    from django.urls import reverse

    from shebao.cases.tests.helpers import pin_day
    from shebao.testing import signed_in

    pin_day(monkeypatch, date(2026, 11, 27))  # a Friday: the check is due on Monday
    application = apply(offered)
    assert application.check_due == date(2026, 11, 30)
    signed_in(client, offered.hall_teller)
    page = client.get(reverse("cases:online_queue")).content.decode()
    assert "2026-11-30" in page and 'class="days red"' not in page
    pin_day(monkeypatch, date(2026, 12, 1))  # Tuesday: the check is late, and the queue says so
    page = client.get(reverse("cases:online_queue")).content.decode()
    assert 'class="days red"' in page


def test_a_card_s_two_sides_reach_the_teller_and_the_case_and_seven_pictures_are_too_many(client, offered):
    from shebao.cases.tests.helpers import picture, upload
    from shebao.cases.uploads import MOST_PICTURES
    from shebao.people.tests.citizen_helpers import sign_in
    from shebao.testing import signed_in

    sign_in(client, "500103195303071224", "13812345678")
    person = str(offered.cast.person.pk)
    form = {"person": person, "scan_unemployment_registration": upload("reg.pdf", PDF)}
    sides = [upload(f"{n}.png", picture("PNG", (40 + n, 30))) for n in range(MOST_PICTURES + 1)]
    too_many = client.post("/cases/apply/T-UNE/", {**form, "key": new_key(), "scan_resident_id_card": sides})
    assert too_many.status_code == 422 and str(MOST_PICTURES) in too_many.content.decode()
    assert not OnlineApplication.objects.exists()

    two = [upload("front.png", picture("PNG", (40, 30))), upload("back.png", picture("PNG", (41, 30)))]
    form["scan_unemployment_registration"] = upload("reg.pdf", PDF)
    client.post("/cases/apply/T-UNE/", {**form, "key": new_key(), "scan_resident_id_card": two})
    application = OnlineApplication.objects.get()
    assert application.scans.filter(material_key="resident_id_card").count() == 2
    staff = signed_in(client.__class__(), offered.hall_teller)
    check = staff.get(f"/cases/online/{application.reference}/").content.decode()
    assert 'data-testid="scan-resident_id_card"' in check and 'data-testid="scan-resident_id_card-2"' in check
    staff.post(f"/cases/online/{application.reference}/decide/", {"decision": "accept", "good": sorted(GOOD)})
    assert Case.objects.get().scans.filter(material_key="resident_id_card").count() == 2
