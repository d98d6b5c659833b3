"""Issue 14: the teller serving the applicant compares the name and number with the card in hand: the
accept page shows them in full, and that read is audited as unmasked; every other page stays masked."""

from shebao.cases import services
from shebao.cases.tests.helpers import new_key
from shebao.core.audit_labels import action_label
from shebao.core.models import AuditEntry
from shebao.testing import signed_in

NUMBER = "500103195303071224"


def test_the_accept_page_shows_the_full_name_and_number_and_audits_the_read(client, world):
    signed_in(client, world.cast.teller)
    page = client.get("/cases/accept/", {"doc": NUMBER}, follow=True)
    body = page.content.decode()
    assert page.status_code == 200
    assert "李秀英" in body and NUMBER in body
    entry = AuditEntry.objects.filter(action="people.person.viewed_unmasked").get()
    assert entry.actor_id == world.cast.teller.pk and entry.object_id == str(world.cast.person.pk)
    assert entry.data["purpose"] == "window_accept"
    assert action_label(entry.action) != entry.action  # the audit page names it in words


def test_the_receipt_and_the_back_office_stay_masked(client, world):
    case = services.case_accept(
        teller=world.cast.teller,
        person=world.cast.person,
        item_code="T-REC",
        received={"resident_id_card"},
        idempotency_key=new_key(),
    ).case
    signed_in(client, world.cast.teller)
    receipt = client.get(f"/cases/{case.number}/receipt/").content.decode()
    assert "李秀英" not in receipt and NUMBER not in receipt
    signed_in(client, world.cast.reviewer)
    detail = client.get(f"/cases/{case.number}/").content.decode()
    assert "李秀英" not in detail and NUMBER not in detail
    assert not AuditEntry.objects.filter(action="people.person.viewed_unmasked").exists()
