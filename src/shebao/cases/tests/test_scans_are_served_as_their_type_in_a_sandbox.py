"""A stored scan is served as the type its content was recognised as (never the name's), with nosniff and a
sandboxing policy, so a file that is also HTML runs nothing; and nobody's scans are cached. The case's
scans, an online application's, a home visit's photo."""

from shebao.cases import services
from shebao.cases.tests.files import polyglot_png
from shebao.cases.tests.helpers import PDF, new_key
from shebao.cases.uploads import check_scan
from shebao.testing import signed_in


def assert_served_safely(response, content_type: str):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = [p.strip() for p in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert "no-store" in response["Cache-Control"]


def test_a_case_scan_named_html_is_served_as_the_picture_it_is_in_a_sandbox(client, world):
    case = services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-UNE",
        received={"resident_id_card", "unemployment_registration"},
        scans=[check_scan("resident_id_card", "page.html", polyglot_png())],
        idempotency_key=new_key(),
    ).case
    signed_in(client, world.cast.reviewer)
    response = client.get(f"/cases/{case.number}/scans/{case.scans.get().pk}/")
    assert_served_safely(response, "image/png")
    assert b"<script>" not in b"".join(response.streaming_content)


def test_an_online_applications_scan_is_served_in_a_sandbox(client, world):
    from shebao.cases import online
    from shebao.core.models import Role
    from shebao.testing import make_staff

    world.unemployment.channels = ["window", "online"]
    world.unemployment.save(update_fields=["channels"])
    teller = make_staff(
        "hallteller", "周受理", world.cast.yuzhong, [Role.TELLER], outlet=world.cast.yuzhong_hall
    )
    application = online.online_apply(
        citizen=world.cast.person,
        person=world.cast.person,
        item_code="T-UNE",
        scans=[
            check_scan("resident_id_card", "id.svg", polyglot_png()),
            check_scan("unemployment_registration", "reg.pdf", PDF),
        ],
        idempotency_key=new_key(),
    )
    signed_in(client, teller)
    for scan, content_type in (
        (application.scans.get(material_key="resident_id_card"), "image/png"),
        (
            application.scans.get(material_key="unemployment_registration"),
            "application/pdf",
        ),
    ):
        response = client.get(f"/cases/online/{application.reference}/scans/{scan.pk}/")
        assert_served_safely(response, content_type)
