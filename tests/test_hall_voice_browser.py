"""叫号 in a real browser: once turned on, the hall display chimes and speaks each new call twice, in the
page's language, with the words the server wrote; a board refresh says nothing again, a recall does.
The speech engine and the audio output are stubbed in the page, to record what would be heard."""

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, serious_accessibility_violations, sign_in_page
from shebao.core.models import Role
from shebao.hall.models import ServiceCategory, Window
from shebao.hall.services import ticket_take
from shebao.testing import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before the page's own scripts: a speech engine that records and finishes like a real one, an audio
# context that records each tone, and a count of board refreshes.
RECORDER = """
window.__heard = [];
window.__refreshes = 0;
document.addEventListener("htmx:afterSettle", function () { window.__refreshes += 1; });
Object.defineProperty(window, "speechSynthesis", { configurable: true, value: %(speech)s });
window.AudioContext = function () {
  this.state = "running"; this.currentTime = 0; this.destination = {};
  this.resume = function () { return Promise.resolve(); };
  this.createGain = function () {
    return { gain: { setValueAtTime: function () {}, exponentialRampToValueAtTime: function () {} },
             connect: function () {} };
  };
  this.createOscillator = function () {
    return { type: "", frequency: { setValueAtTime: function () {} }, connect: function () {},
             start: function () { window.__heard.push({ kind: "tone" }); }, stop: function () {} };
  };
};
"""
SPEECH = """{
  cancel: function () {},
  speak: function (u) {
    window.__heard.push({ kind: "speech", text: u.text, lang: u.lang, rate: u.rate });
    setTimeout(function () { if (u.onend) u.onend(); }, 10);
  }
}"""


def display(context, base, *, speech=True):
    page = context.new_page()
    page.add_init_script(RECORDER % {"speech": SPEECH if speech else "undefined"})
    page.goto(base + "/hall/CQ-YZ-H001/display/")
    return page


def spoken(page) -> list[dict]:
    return [e for e in page.evaluate("window.__heard") if e["kind"] == "speech"]


def wait_for_speech(page, count: int) -> None:
    page.wait_for_function(
        f"() => window.__heard.filter(e => e.kind === 'speech').length >= {count}", timeout=15_000
    )


def heard_after_a_refresh(page) -> list[dict]:
    """What was heard once one more board refresh has come. The display's script listens on the body,
    nearer the board than the counter on the document, so it has handled that refresh by then; and a
    repeat would start with its chime at once."""
    seen = page.evaluate("window.__refreshes")
    page.wait_for_function(f"() => window.__refreshes > {seen}", timeout=15_000)
    return page.evaluate("window.__heard")


@pytest.fixture
def hall(cast):
    pension = ServiceCategory.objects.create(
        outlet=cast.yuzhong_hall, code="pension", name="养老待遇", prefix="A"
    )
    window = Window.objects.create(outlet=cast.yuzhong_hall, number=3)
    window.categories.add(pension)
    teller = make_staff("hall_teller", "周柜员", cast.yuzhong, [Role.TELLER], outlet=cast.yuzhong_hall)
    return window, teller


def test_a_call_is_chimed_and_spoken_twice_once_and_a_recall_again(chromium, live_server, hall):
    window, teller = hall
    base = live_server.url
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    english = chromium.new_context(viewport=DESKTOP, locale="en-GB")
    english.add_cookies([{"name": "shebao_language", "value": "en", "url": base}])
    try:
        screen = display(context, base)
        no_engine = display(context, base, speech=False)
        silent = display(english, base)  # nobody turned its voice on
        abroad = display(english, base)
        # The button asks once; the choice is kept for the next time the display opens.
        for page in (screen, no_engine, abroad):
            page.get_by_test_id("voice-on").click()
            expect(page.get_by_test_id("voice-on")).to_be_hidden()
        expect(silent.get_by_test_id("voice-on")).to_be_visible()
        assert serious_accessibility_violations(silent) == []

        ticket_take(outlet=window.outlet, category_code="pension")
        teller_page = context.new_page()
        teller_page.base = base
        sign_in_page(teller_page, teller)
        teller_page.goto(f"{base}/hall/windows/{window.pk}/")
        teller_page.get_by_test_id("call-next").click()

        wait_for_speech(screen, 2)
        heard = screen.evaluate("window.__heard")
        assert heard[0]["kind"] == "tone"  # the chime comes first
        assert [(e["text"], e["lang"]) for e in spoken(screen)] == [("请A001号到3号窗口办理", "zh-CN")] * 2
        assert all(e["rate"] < 1 for e in spoken(screen))
        wait_for_speech(abroad, 2)
        assert [(e["text"], e["lang"]) for e in spoken(abroad)] == [
            ("Number A001, please go to window 3 for your service", "en")
        ] * 2
        no_engine.wait_for_function("() => window.__heard.length > 0", timeout=15_000)
        tones = len(heard_after_a_refresh(no_engine))

        # Refreshes of the board show the same call: nothing is heard again.
        assert heard_after_a_refresh(screen) == heard
        assert heard_after_a_refresh(silent) == []

        # A recall is announced again, once.
        teller_page.get_by_test_id("recall").click()
        wait_for_speech(screen, 4)
        assert heard_after_a_refresh(screen)[len(heard) :] == heard
        # Without a speech engine: the chime only, again for the recall.
        no_engine.wait_for_function(f"() => window.__heard.length > {tones}", timeout=15_000)
        assert {e["kind"] for e in no_engine.evaluate("window.__heard")} == {"tone"}

        # Opened again, the display remembers the choice and does not repeat what is already called.
        screen.reload()
        expect(screen.get_by_test_id("calling")).to_contain_text("A001")
        expect(screen.get_by_test_id("voice-on")).to_be_hidden()
        assert heard_after_a_refresh(screen) == []
    finally:
        context.close()
        english.close()
