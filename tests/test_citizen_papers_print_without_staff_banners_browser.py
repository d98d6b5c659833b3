"""Issue 14: a citizen paper printed from the window (the receipt) carries no staff-only banner: the site
header and footer, the staff messages and notices, the buttons are left off the printed page."""

import pytest
from playwright.sync_api import expect

from tests.test_cases_journey import staff_page
from tests.test_qr_codes_decode_browser import start_accepting, world  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_ONLY = ".site-header, .site-footer, .notice, [role=status], .no-print, .skip-link"


def test_the_printed_receipt_has_only_the_citizens_paper(chromium, live_server, world):  # noqa: F811
    base = live_server.url
    teller = staff_page(chromium, base, "teller")
    start_accepting(teller, base)
    teller.check("[data-testid=received-resident_id_card]")
    teller.check("[data-testid=received-unemployment_registration]")
    teller.click("[data-testid=accept]")
    # The receipt may still be arriving when the click returns: wait for it, footer included, before
    # listing what the printed page shows (a part not yet parsed would be missing from that list).
    expect(teller.get_by_test_id("case-number")).to_be_visible()
    expect(teller.locator(".site-footer")).to_be_attached()
    teller.emulate_media(media="print")
    shown = [
        e.inner_text()[:60] + e.evaluate("n => getComputedStyle(n).display")
        for e in teller.locator(STAFF_ONLY).all()
        if e.is_visible()
    ]
    assert shown == []
    expect(teller.get_by_test_id("case-number")).to_be_visible()  # printed
