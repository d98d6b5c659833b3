"""Issue 14: the receipt says which deferred material is still owed and by when (the text message did,
the paper did not)."""

from django.utils import translation

from shebao.cases.models import Case
from shebao.cases.tests.helpers import PDF, upload
from shebao.core.templatetags.typography import due
from shebao.testing import signed_in


def test_the_receipt_names_the_deferred_material_and_its_date(client, world):
    signed_in(client, world.cast.teller)
    page = client.post(
        "/cases/accept/submit/",
        {
            "person_id": world.cast.person.pk,
            "item": "T-UNE",
            "key": "owed-1",
            "received": ["resident_id_card", "unemployment_registration"],
            "scan_resident_id_card": upload("id.pdf", PDF),
        },
        follow=True,
    )
    owed = Case.objects.get().materials.get(key="termination_certificate")
    body = page.content.decode()
    assert owed.due is not None
    assert 'data-testid="owed-termination_certificate"' in body
    item = body.split('data-testid="owed-termination_certificate"')[1].split("</li>")[0]
    with translation.override("zh-hans"):
        assert "解除劳动合同证明" in item and str(due(owed.due)) in item
