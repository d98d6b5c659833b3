"""The large-type mode (长辈版) on every page of core and people, measured in a real browser against the
2021 national elderly-friendly design rules: text at least 18 px, line spacing at least 1.3, tap targets
at least 60 px high, no pop-ups, contrast (axe-core), and everything reachable by keyboard."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from conftest import serious_accessibility_violations, sign_in_page
from shebao.testing import CAST_PASSWORD, under_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the page shows, measured as the browser lays it out. Elements off screen (the skip link until it
# gets focus) and hidden ones do not count.
MEASURE = """() => {
  const shown = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const name = el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
    + ' "' + (el.innerText || el.value || '').trim().slice(0, 30) + '"';
  const found = {smallText: [], tightLines: [], smallTargets: [], blankTargets: []};
  // A map's pins are drawn to the map's scale; every page with a map lists the same places as links.
  const onMap = el => el.closest('.leaflet-marker-pane') !== null;
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || onMap(el)) continue;
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const control = el.matches('input:not([type=hidden]), select, textarea, button');
    if (!ownText && !control) continue;
    const s = getComputedStyle(el), size = parseFloat(s.fontSize);
    if (size < 18) found.smallText.push(name(el) + ' ' + size + 'px');
    const spacing = s.lineHeight === 'normal' ? 1.2 : parseFloat(s.lineHeight) / size;
    if (ownText && spacing < 1.3) found.tightLines.push(name(el) + ' ' + spacing.toFixed(2));
  }
  for (const el of document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, [role=button], [tabindex="0"]')) {
    if (!shown(el) || onMap(el)) continue;
    // A checkbox or radio button is tapped through its label too: the larger of the two is the target.
    const label = el.matches('input[type=checkbox], input[type=radio]') && (el.labels || [])[0];
    const height = Math.max(
      el.getBoundingClientRect().height, label ? label.getBoundingClientRect().height : 0);
    if (height < 60) found.smallTargets.push(name(el) + ' ' + Math.round(height) + 'px');
    if (el.target === '_blank') found.blankTargets.push(name(el));
  }
  return found;
}"""


def large_type(page) -> None:
    page.context.add_cookies([{"name": "shebao_elder", "value": "1", "url": page.base}])


def watch_for_pop_ups(page) -> list[str]:
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.context.on("page", lambda new: seen.append(f"window: {new.url}"))
    return seen


def assert_elderly_friendly(page, path: str) -> None:
    # After a click that loads a page (a form sent), the new page may still be arriving: measure it whole,
    # with its stylesheet applied, not the part parsed so far.
    page.wait_for_load_state()
    found = page.evaluate(MEASURE)
    assert "elder" in (page.locator("html").get_attribute("class") or ""), path
    assert found["smallText"] == [], (path, found["smallText"])
    assert found["tightLines"] == [], (path, found["tightLines"])
    assert found["smallTargets"] == [], (path, found["smallTargets"])
    assert found["blankTargets"] == [], (path, found["blankTargets"])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    assert serious_accessibility_violations(page) == [], path


def visit(page, path: str, status: int = 200) -> None:
    response = page.goto(page.base + path)
    assert response is not None and response.status == status, (path, response and response.status)


PUBLIC_PAGES = [
    "/",
    "/ids/check/",
    "/ids/check/?doc_type=resident_id&number=110105194912310021",
    "/ids/check/?doc_type=resident_id&number=11010519491231002X",
    "/staff/login/",
]


@pytest.mark.parametrize("page_fixture", ["phone_page", "browser_page"])
def test_the_public_pages_are_elderly_friendly(request, page_fixture):
    page = request.getfixturevalue(page_fixture)
    pop_ups = watch_for_pop_ups(page)
    large_type(page)
    for path in PUBLIC_PAGES:
        visit(page, path)
        assert_elderly_friendly(page, path)
    assert pop_ups == []


def test_the_sign_in_errors_and_the_lock_out_page_are_elderly_friendly(phone_page, cast, monkeypatch):
    from shebao.core import signin_guard

    monkeypatch.setattr(signin_guard, "DELAYS", {})  # the lock-out page, not the waits before it
    page = phone_page
    large_type(page)
    visit(page, "/staff/login/")
    for attempt in range(5):
        page.fill("#id_username", "teller")
        page.fill("#id_password", "wrong-password")
        page.click("main button[type=submit]")
        if attempt == 0:
            expect(page.locator("main [role=alert]")).to_be_visible()
            assert_elderly_friendly(page, "/staff/login/ (wrong password)")
    expect(page.get_by_test_id("locked-out")).to_be_visible()  # the fifth wrong password locks
    assert_elderly_friendly(page, "lock-out page")


def test_the_tellers_pages_are_elderly_friendly_on_a_phone(phone_page, cast):
    page = phone_page
    pop_ups = watch_for_pop_ups(page)
    large_type(page)
    under_agreement(cast)  # the bank point's teller reads persons under its agreement
    sign_in_page(page, cast.teller)
    for path in [
        "/staff/",
        "/staff/persons/",
        "/staff/persons/?q=500103195303071224",
        f"/staff/persons/{cast.person.pk}/",
        "/staff/password/",
        "/staff/otp/setup/",
    ]:
        visit(page, path)
        assert_elderly_friendly(page, path)
    assert pop_ups == []


def test_the_back_office_pages_are_elderly_friendly(browser_page, cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page = browser_page
    large_type(page)
    sign_in_page(page, cast.auditor)
    for path in ["/staff/", "/staff/audit/"]:
        visit(page, path)
        assert_elderly_friendly(page, path)
    sign_in_page(page, cast.manager)
    visit(page, "/staff/")
    assert_elderly_friendly(page, "/staff/ (manager)")
    TOTPDevice.objects.create(user=cast.reviewer, name="phone", confirmed=True)
    sign_in_page(page, cast.reviewer)  # signed in, second factor not yet given
    visit(page, "/staff/otp/verify/")
    assert_elderly_friendly(page, "/staff/otp/verify/")


def test_a_refusal_is_elderly_friendly(phone_page, cast):
    page = phone_page
    large_type(page)
    sign_in_page(page, cast.outsider)
    visit(page, f"/staff/persons/{cast.person.pk}/", status=403)
    assert_elderly_friendly(page, "refusal")


def test_standard_type_pages_pass_the_accessibility_scan_too(browser_page, cast):
    page = browser_page
    under_agreement(cast)
    sign_in_page(page, cast.teller)
    for path in ["/", "/ids/check/", "/staff/", f"/staff/persons/{cast.person.pk}/", "/staff/password/"]:
        visit(page, path)
        assert serious_accessibility_violations(page) == [], path


def test_a_visitor_uses_the_site_with_the_keyboard_alone(browser_page, cast):
    page = browser_page
    visit(page, "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_class("skip-link")
    assert page.evaluate("document.activeElement.getBoundingClientRect().left >= 0")  # shown once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Tab forward until the large-type switch has the focus, then press it.
    visit(page, "/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "elder-toggle":
            break
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "the focused control shows where the focus is"
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class("elder")

    # Sign in without a mouse: the user name has the focus, Tab to the password, Enter submits.
    visit(page, "/staff/login/")
    # Chromium applies autofocus at its next rendering step, which a loaded CI machine may reach later.
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("teller")
    page.keyboard.press("Tab")
    page.keyboard.type(CAST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    assert urlparse(page.url).path == "/staff/"
