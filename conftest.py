import io
import itertools
import os
import secrets
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Speed is shown in `make bench`, never asserted in tests: Hypothesis's per-example deadline (200 ms) is a
# timing assertion that fails a correct test on a busy machine (seen in CI under load).
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

# Playwright's sync API runs an event loop in the test thread; the ORM calls in the same tests are
# still synchronous, so Django's async-safety guard must not trip on them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def _demo_outbox():
    """The suite runs the demo's configuration, as `make run` does: held texts readable on /dev/outbox/.
    (Settings are loaded before this file, so an environment variable here would come too late.)
    core/tests/test_text_messages.py checks that the page is gone without it."""
    from django.conf import settings

    settings.SHEBAO["DEMO_OUTBOX"] = True


@pytest.fixture(autouse=True, scope="session")
def _texts_sent_by_the_caller():
    """Texts sent by the caller once its transaction commits, not by the process's sending thread: what a
    test checks has then happened when the call returns. The thread is tested on its own
    (cases/tests/test_intake_does_not_wait_for_the_sms_gateway.py) and serves every gunicorn the tests start."""
    from django.conf import settings

    settings.SHEBAO["TEXTS_SENT_IN_BACKGROUND"] = False


@pytest.fixture(autouse=True, scope="session")
def _compiled_once():
    """numba's compiled parts compiled (or loaded from its cache) before the first test, as `make run`
    does before serving: the servers and the `make run` that tests start then load them instead of each
    compiling them again (about 15 s each in a fresh checkout)."""
    from django.core.management import call_command

    call_command("compile_numba", stdout=io.StringIO())


_CHECKPOINTS = Path(tempfile.mkdtemp(prefix="shebao-audit-checkpoints-"))
_checkpoint_names = itertools.count()


@pytest.fixture(autouse=True)
def _own_audit_checkpoint_log():
    """Each test's database starts with an empty audit chain, so it gets its own checkpoint log too."""
    from django.conf import settings

    before = settings.SHEBAO["AUDIT_CHECKPOINT_FILE"]
    settings.SHEBAO["AUDIT_CHECKPOINT_FILE"] = _CHECKPOINTS / f"{next(_checkpoint_names)}.log"
    yield
    settings.SHEBAO["AUDIT_CHECKPOINT_FILE"] = before


@pytest.fixture(autouse=True)
def _audit_log_emptied_for_the_flush(request):
    """A transactional test ends by emptying every table, which the audit log's guards refuse (as they
    should, to everyone). As the owner, this lifts them for that clean-up only. Requesting
    transactional_db here makes this fixture's teardown run before the flush."""
    marker = request.node.get_closest_marker("django_db")
    uses = {"transactional_db", "live_server"} & set(request.fixturenames)
    if not (uses or (marker is not None and marker.kwargs.get("transaction"))):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from shebao.core.tests.audit_guards import without_audit_guards

    with without_audit_guards() as cursor:
        cursor.execute("DELETE FROM core_auditentry")


@pytest.fixture
def cast(db):
    from shebao.testing import make_cast

    return make_cast()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English or 繁體 leaves its language active in the thread (LocaleMiddleware does not
    reset it): each test starts in the default language, as a fresh server thread would."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Throttles and lock-outs live in the cache; one test's must not leak into the next. Public pages and
    page parts are kept in each process (core/pagecache.py, {% cache %}): a test's pages are made from its
    own data, never copied from an earlier test's (test_public_page_copies.py turns copies on)."""
    from django.conf import settings
    from django.core.cache import caches

    from shebao.catalog.selectors import forget_search_index
    from shebao.consult.selectors import forget_ranker
    from shebao.core import holidays
    from shebao.notify.subscribers import forget_scenarios

    def forget() -> None:
        for name in ("default", "pages", "template_fragments"):
            caches[name].clear()
        holidays.forget()  # holiday schedules a rolled-back test entered must not outlive it
        forget_search_index()  # nor the catalogue items it made (the index checks them every 2 s only)
        forget_scenarios()  # nor the notice scenarios it saw (a transactional test's flush removes them)
        forget_ranker()  # nor the knowledge base it loaded

    forget()
    copies = settings.SHEBAO["PUBLIC_PAGE_SECONDS"]
    settings.SHEBAO["PUBLIC_PAGE_SECONDS"] = 0
    yield
    settings.SHEBAO["PUBLIC_PAGE_SECONDS"] = copies
    forget()


def pytest_configure(config):
    from django.conf import settings

    # One audit key for the run, in the environment too, so the servers a test starts (the crash test's
    # gunicorn) seal and verify with the same key. `make run` in test_make_run makes its own.
    os.environ["AUDIT_KEY"] = os.environ.get("AUDIT_KEY") or secrets.token_hex(32)
    settings.SHEBAO["AUDIT_KEY"] = os.environ["AUDIT_KEY"].encode()

    # Real hashing costs ~0.3 s a user; the suite creates hundreds. Sign-in tests still hash for real.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The file cache under var/ is shared between processes; two test runs in one checkout must not be.
    settings.CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


# --- Real-browser tests: Debian's chromium driven by Playwright (no downloaded browser) -----------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh desktop-sized page; `browser_page.base` is the live server's URL."""
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium, live_server):
    """A fresh phone-sized page (390×844, touch), `phone_page.base` is the live server's URL."""
    context = chromium.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def serious_accessibility_violations(page) -> list[str]:
    """axe-core (bundled with axe-playwright-python, no download) on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def sign_in_page(page, user, *, device=None) -> None:
    """Put a signed-in session for `user` into the browser page's cookies, without typing the password
    (password sign-in is tested on its own). With `device`, the session has passed the second factor."""
    from urllib.parse import urlparse

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "shebao.core.backends.StaffModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device is not None:
        from django_otp import DEVICE_ID_SESSION_KEY

        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    host = urlparse(page.base).hostname
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "domain": host, "path": "/"}
    page.context.add_cookies([cookie])


# The first few elements reaching past the screen's right edge, to say what made a page too wide.
WIDER_THAN = """w => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > w).slice(0, 5)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def journey_screen(page, name: str) -> None:
    """A step of one of the five journeys (README) seen at phone width: nothing may be wider than the
    screen. The screenshot goes to the folder $SHEBAO_SCREENS names (the README's: docs/screens) when set;
    the page goes back to its own size after."""
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > PHONE["width"]:
            culprits = page.evaluate(WIDER_THAN, PHONE["width"])
            raise AssertionError(f"{name}: {wide} px wide on a {PHONE['width']} px phone: {culprits}")
        folder = os.environ.get("SHEBAO_SCREENS")
        if folder:
            page.screenshot(path=str(Path(folder) / f"{name}.png"))
    finally:
        page.set_viewport_size(size)
