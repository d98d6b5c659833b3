"""The preferences page: an e-mail address and language, opt-outs per scenario and channel (audited);
a legally required scenario cannot be refused; a bad address changes nothing."""

import pytest

from shebao.core.models import AuditEntry
from shebao.notify.models import Contact, OptOut
from shebao.people.tests.citizen_helpers import sign_in

pytestmark = pytest.mark.django_db
CAST_ID = "500103195303071224"


def test_a_citizen_opts_out_of_texts_for_one_scenario_and_gives_an_e_mail_address(client, cast, seeded):
    sign_in(client, CAST_ID, cast.person.phone)
    paid, required = seeded["benefit_paid"], seeded["certification_overdue"]
    response = client.post(
        "/notices/preferences/",
        {"email": "li@example.cn", "language": "zh_hant", "out": [f"{paid.pk}-sms", f"{required.pk}-sms"]},
    )
    assert response.status_code == 302
    assert set(OptOut.objects.values_list("scenario__code", "channel")) == {("benefit_paid", "sms")}
    contact = Contact.objects.get(person=cast.person)
    assert (contact.email, contact.language) == ("li@example.cn", "zh_hant")
    assert AuditEntry.objects.filter(action="notify.opt_out.changed").count() == 1
    client.post("/notices/preferences/", {"email": "li@example.cn", "language": "zh_hant", "out": []})
    assert not OptOut.objects.exists()


def test_a_bad_e_mail_address_is_named_and_nothing_changes(client, cast, seeded):
    sign_in(client, CAST_ID, cast.person.phone)
    response = client.post(
        "/notices/preferences/",
        {"email": "not an address", "language": "zh_hans", "out": [f"{seeded['benefit_paid'].pk}-sms"]},
    )
    assert response.status_code == 422 and 'aria-invalid="true"' in response.content.decode()
    assert not OptOut.objects.exists() and not Contact.objects.exists()


def test_signed_out_the_pages_ask_to_sign_in(client, cast):
    for url in ("/notices/preferences/", "/notices/inbox/"):
        response = client.get(url)
        assert response.status_code == 302 and "/my/sign-in/" in response["Location"]
