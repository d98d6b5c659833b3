"""Public guide pages: the catalogue with search, one item, one bundle, the PDF guide, the QR code,
the printable one-time notice form and the "what do I need" wizard. No sign-in needed."""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from shebao.catalog import printing, selectors, wizard
from shebao.catalog.models import ApplicantType, Category, Channel
from shebao.core import qr
from shebao.core.errors import ApplicationError

POPULAR = 10  # the most used items, listed first on the catalogue's front page


def _error_page(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return render(request, "catalog/error.html", {"error": exc}, status=exc.status)


def public_page(view):
    """A GET-only page whose domain errors (an unknown code, a bad filter) become a localised error page."""

    @functools.wraps(view)
    def page(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ApplicationError as exc:
            return _error_page(request, exc)

    return require_GET(page)


class CatalogueLists:
    """The front page's lists (most used, life events, every item by category), read only when the page's
    cached copy of them is missing or stale (the template's fragment cache is keyed by the catalogue's stamp
    and the reader's language): most visits to the catalogue cost no query and no rendering of 160 rows."""

    stamp = property(lambda self: selectors.catalogue_stamp())

    @functools.cached_property
    def groups(self) -> list[tuple[str, list]]:
        return [(Category(c).label, items) for c, items in selectors.items_by_category().items() if items]

    @functools.cached_property
    def popular(self) -> list:
        return sorted((i for _, items in self.groups for i in items), key=lambda i: -i.popularity)[:POPULAR]

    @functools.cached_property
    def bundles(self) -> list:
        # A citizen's life events first, then an employer's.
        return sorted(selectors.bundle_list(), key=lambda b: b.applicant_type != "person")


@public_page
def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    filters = {k: request.GET.get(k, "") for k in ("category", "channel", "applicant_type")}
    context = {
        "query": query,
        "filters": filters,
        "categories": Category.choices,
        "channels": Channel.choices,
        "applicant_types": ApplicantType.choices,
    }
    if query or any(filters.values()):
        context["results"] = selectors.item_search(query=query, **filters)
    else:
        context["lists"] = CatalogueLists()
    template = "catalog/_results.html" if request.htmx and "results" in context else "catalog/index.html"
    return render(request, template, context)


def _item_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("catalog:item", args=[code]))


@public_page
def item(request: HttpRequest, code: str) -> HttpResponse:
    guide = selectors.item_guide(code)
    url = _item_url(request, code)
    return render(request, "catalog/item.html", {"guide": guide, "qr_svg": qr.svg(url, scale=3), "url": url})


@public_page
def item_qr(request: HttpRequest, code: str) -> HttpResponse:
    selectors.item_by_code(code)  # an unknown code is refused before a QR code is drawn
    return HttpResponse(qr.svg(_item_url(request, code), scale=6), content_type="image/svg+xml")


@public_page
def item_pdf(request: HttpRequest, code: str) -> HttpResponse:
    guide = selectors.item_guide(code)
    return _pdf_response(printing.item_pdf(guide, _item_url(request, code)).data, f"guide-{code}.pdf")


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_page
def item_notice(request: HttpRequest, code: str) -> HttpResponse:
    """一次性告知书: every material on one printable form; the teller ticks what is missing."""
    guide = selectors.item_guide(code)
    return render(request, "catalog/notice.html", {"guide": guide, "today": timezone.localdate()})


def _bundle_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("catalog:bundle", args=[code]))


@public_page
def bundle(request: HttpRequest, code: str) -> HttpResponse:
    view = selectors.bundle_detail(code)
    url = _bundle_url(request, code)
    return render(request, "catalog/bundle.html", {"view": view, "qr_svg": qr.svg(url, scale=3), "url": url})


@public_page
def bundle_qr(request: HttpRequest, code: str) -> HttpResponse:
    selectors.bundle_detail(code)  # an unknown code is refused before a QR code is drawn
    return HttpResponse(qr.svg(_bundle_url(request, code), scale=6), content_type="image/svg+xml")


@public_page
def bundle_pdf(request: HttpRequest, code: str) -> HttpResponse:
    view = selectors.bundle_detail(code)
    return _pdf_response(printing.bundle_pdf(view, _bundle_url(request, code)).data, f"guide-{code}.pdf")


@require_GET
def wizard_view(request: HttpRequest) -> HttpResponse:
    state = wizard.answer(
        who=request.GET.get("who", ""),
        event=request.GET.get("event", ""),
        bundle=request.GET.get("bundle", ""),
    )
    template = "catalog/_wizard.html" if request.htmx else "catalog/wizard.html"
    return render(request, template, {"state": state})
