"""Every public page a citizen can reach by following links from the home page (three clicks deep, at
most 60 pages, 3 of a kind), in large type (长辈版) on a phone: axe-core finds nothing serious, text is
at least 18 px, tap targets at least 60 px (a checkbox's label counts), nothing wider than the screen
(tests/test_elder_mode_browser.py's measures)."""

from urllib.parse import urljoin, urlparse

import pytest

from tests.test_elder_mode_browser import assert_elderly_friendly, large_type, watch_for_pop_ups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MOST = 60
PER_KIND = 3  # pages of one kind (/catalog/items/…, /catalog/bundles/…): a few say as much as all
SKIP = ("/api/", "/admin/", "/i18n/", "/static/", "/media/", "/dev/", "/staff/")
FILES = (".pdf", ".svg", ".png", ".csv", ".xlsx", ".json", ".ics")


@pytest.fixture
def site(cast):
    from shebao.catalog import demo
    from shebao.consult import services

    demo.seed()
    services.knowledge_load()


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        url = urlparse(urljoin(page.url, href))
        if url.netloc != urlparse(base).netloc or url.path.startswith(SKIP) or url.path.endswith(FILES):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found


def _kind(path: str) -> str:
    """/catalog/items/PEN001/ → catalog/items; /consult/ask/?q=… → consult/ask."""
    return "/".join(urlparse(path).path.strip("/").split("/")[:2])


def test_every_public_page_three_clicks_from_home_is_elderly_friendly(phone_page, site):
    page = phone_page
    pop_ups = watch_for_pop_ups(page)
    large_type(page)
    seen, queue, checked, kinds = {"/"}, [("/", 0)], [], {}
    while queue and len(checked) < MOST:
        path, depth = queue.pop(0)
        response = page.goto(page.base + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        assert_elderly_friendly(page, path)
        checked.append(path)
        if depth < 3:
            for link in _links(page, page.base):
                if link not in seen and kinds.get(_kind(link), 0) < PER_KIND:
                    seen.add(link)
                    kinds[_kind(link)] = kinds.get(_kind(link), 0) + 1
                    queue.append((link, depth + 1))
    assert len(checked) >= 20, checked  # the crawl reached the site, not one page
    assert "/consult/ask/" in checked and any(p.startswith("/catalog/items/") for p in checked)
    assert pop_ups == []
