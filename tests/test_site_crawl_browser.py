"""The site crawled as its users find it, in large type (长辈版): every page a citizen reaches by following
links from the home page on a phone (three clicks deep, at most 60 pages, 3 of a kind), and every page a
manager reaches from the workbench on a desktop (two clicks deep, 2 of a kind). Each passes
tests/test_elder_mode_browser.py's measures: axe-core finds nothing serious, text at least 18 px, tap
targets at least 60 px (a checkbox's label counts; a map's pins do not: the page lists the same places),
nothing opens a new window, nothing wider than the screen."""

from urllib.parse import urljoin, urlparse

import pytest

from conftest import sign_in_page
from tests.test_elder_mode_browser import assert_elderly_friendly, large_type, watch_for_pop_ups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SKIP = ("/api/", "/admin/", "/i18n/", "/static/", "/media/", "/dev/")
FILES = (".pdf", ".svg", ".png", ".csv", ".xlsx", ".json", ".ics")


@pytest.fixture
def site(cast):
    from shebao.catalog import demo
    from shebao.consult import services

    demo.seed()
    services.knowledge_load()


def _links(page, base: str, skip: tuple[str, ...]) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        url = urlparse(urljoin(page.url, href))
        if url.netloc != urlparse(base).netloc or url.path.startswith(skip) or url.path.endswith(FILES):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def _kind(path: str) -> str:
    """/catalog/items/PEN001/ → catalog/items; /consult/ask/?q=… → consult/ask."""
    return "/".join(urlparse(path).path.strip("/").split("/")[:2])


def crawl(page, start: str, *, most: int, per_kind: int, depth: int, skip=SKIP) -> list[str]:
    """Breadth first from `start`, checking every page; the paths checked."""
    seen, queue, checked, kinds = {start}, [(start, 0)], [], {}
    while queue and len(checked) < most:
        path, level = queue.pop(0)
        response = page.goto(page.base + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        assert_elderly_friendly(page, path)
        checked.append(path)
        if level < depth:
            for link in _links(page, page.base, skip):
                if link not in seen and kinds.get(_kind(link), 0) < per_kind:
                    seen.add(link)
                    kinds[_kind(link)] = kinds.get(_kind(link), 0) + 1
                    queue.append((link, level + 1))
    return checked


def test_every_public_page_three_clicks_from_home_is_elderly_friendly(phone_page, site):
    page = phone_page
    pop_ups = watch_for_pop_ups(page)
    large_type(page)
    checked = crawl(page, "/", most=60, per_kind=3, depth=3, skip=(*SKIP, "/staff/"))
    assert len(checked) >= 20, checked  # the crawl reached the site, not one page
    assert "/consult/ask/" in checked and any(p.startswith("/catalog/items/") for p in checked)
    assert pop_ups == []


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_the_public_pages_in_the_other_languages_are_elderly_friendly_too(phone_page, site, language):
    """繁體中文 and English: longer words, other fonts; two clicks deep (40 pages, 2 of a kind)."""
    page = phone_page
    page.context.add_cookies([{"name": "shebao_language", "value": language, "url": page.base}])
    large_type(page)
    checked = crawl(page, "/", most=40, per_kind=2, depth=2, skip=(*SKIP, "/staff/"))
    assert len(checked) >= 15, checked
    assert page.evaluate("document.documentElement.lang") == language


def test_every_page_two_clicks_from_a_manager_s_workbench_is_elderly_friendly(browser_page, cast, site):
    from shebao.network.tests.helpers import small_network

    small_network(cast)  # points on the maps, and an outlet page with its navigation links
    page = browser_page
    pop_ups = watch_for_pop_ups(page)
    large_type(page)
    sign_in_page(page, cast.manager)
    checked = crawl(page, "/staff/", most=50, per_kind=2, depth=2, skip=(*SKIP, "/staff/logout"))
    assert len(checked) >= 25, checked
    assert {"/cases/queue/", "/consult/staff/tickets/", "/certification/staff/"} <= set(checked)
    assert pop_ups == []
