"""Issue 14: a WS… online application number opens /cases/track/ like a case number: while it waits the
page says so, when returned it says what is missing, once accepted it leads to the case."""

from shebao.cases import online
from shebao.cases.tests.test_online_applications import GOOD, apply, offered  # noqa: F401 (fixture)

ID = "500103195303071224"


def test_a_waiting_application_is_shown_by_its_ws_number_and_document_number(client, offered):  # noqa: F811
    application = apply(offered)
    page = client.post("/cases/track/", {"number": application.reference, "id_number": ID}, follow=True)
    text = page.content.decode()
    assert application.reference in text and 'data-testid="track-online-state"' in text
    assert "No case matches" not in text and "没有与" not in text


def test_the_wrong_document_number_shows_nothing(client, offered):  # noqa: F811
    application = apply(offered)
    page = client.post("/cases/track/", {"number": application.reference, "id_number": "500103195303071225"})
    assert 'data-testid="track-online-state"' not in page.content.decode()
    assert 'data-testid="track-error"' in page.content.decode()


def test_a_returned_application_names_what_is_missing(client, offered):  # noqa: F811
    application = apply(offered)
    online.online_accept(
        user=offered.hall_teller, reference=application.reference, received={"resident_id_card"}
    )
    page = client.post("/cases/track/", {"number": application.reference, "id_number": ID}, follow=True)
    assert "失业登记证明" in page.content.decode()


def test_an_accepted_application_leads_to_its_case(client, offered):  # noqa: F811
    application = apply(offered)
    case = online.online_accept(user=offered.hall_teller, reference=application.reference, received=GOOD)
    page = client.post("/cases/track/", {"number": application.reference, "id_number": ID}, follow=True)
    assert page.redirect_chain[-1][0].endswith(f"?number={case.number}")
    assert 'data-testid="track-state"' in page.content.decode()
