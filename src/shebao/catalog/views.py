"""Public guide pages: the catalogue with search, one item, one bundle, the PDF guide, the QR code,
the printable one-time notice form and the "what do I need" wizard. No sign-in needed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shebao.catalog import pdf, selectors, wizard
from shebao.catalog.models import ApplicantType, Category, Channel
from shebao.core import qr
from shebao.core.errors import ApplicationError


def _error_page(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return render(request, "catalog/error.html", {"error": exc}, status=exc.status)


@require_GET
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
    try:
        if query or any(filters.values()):
            context["results"] = selectors.item_search(query=query, **filters)
        else:
            context["groups"] = [
                (Category(c).label, items) for c, items in selectors.items_by_category().items() if items
            ]
            context["bundles"] = selectors.bundle_list()
    except ApplicationError as exc:
        return _error_page(request, exc)
    template = "catalog/_results.html" if request.htmx and "results" in context else "catalog/index.html"
    return render(request, template, context)


def _item_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("catalog:item", args=[code]))


@require_GET
def item(request: HttpRequest, code: str) -> HttpResponse:
    try:
        guide = selectors.item_guide(code)
    except ApplicationError as exc:
        return _error_page(request, exc)
    url = _item_url(request, code)
    return render(request, "catalog/item.html", {"guide": guide, "qr_svg": qr.svg(url, scale=3), "url": url})


@require_GET
def item_qr(request: HttpRequest, code: str) -> HttpResponse:
    try:
        selectors.item_by_code(code)
    except ApplicationError as exc:
        return _error_page(request, exc)
    return HttpResponse(qr.svg(_item_url(request, code), scale=6), content_type="image/svg+xml")


def _pdf_labels(guide) -> dict[str, str]:
    version = guide.version
    item = guide.item
    days = version.time_limit_days if version else 0
    limit = _("Decided at the window") if item.instant else _("%(days)s working days") % {"days": days}
    fee = _("Free") if not version or not version.fee else f"{version.fee} 元"
    return {
        "scan": _("Scan to open this guide on a phone"),
        "code": _("Item code"),
        "version": _("Version %(n)s, in force from %(date)s")
        % {"n": version.number if version else "-", "date": version.effective_from if version else "-"},
        "conditions": _("Who can apply"),
        "materials": _("What to bring"),
        "material": _("Material"),
        "form": _("Original or copy"),
        "need": _("Needed"),
        "original": _("Original"),
        "copy": _("Copy"),
        "electronic": _("Electronic"),
        "required_text": _("Required"),
        "optional_text": _("Optional"),
        "deferrable_text": _("May follow within {days} working days"),
        "steps": _("Steps"),
        "facts": _("Time limit and fee"),
        "facts_text": f"{_('Time limit')}: {limit}    {_('Fee')}: {fee}",
        "legal": _("Legal basis"),
        "footer": _("Printed %(date)s. Hotline 12333.") % {"date": timezone.localdate()},
    }


@require_GET
def item_pdf(request: HttpRequest, code: str) -> HttpResponse:
    try:
        guide = selectors.item_guide(code)
    except ApplicationError as exc:
        return _error_page(request, exc)
    body = pdf.guide_pdf(guide=guide, url=_item_url(request, code), labels=_pdf_labels(guide))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="guide-{guide.item.code}.pdf"'
    return response


@require_GET
def item_notice(request: HttpRequest, code: str) -> HttpResponse:
    """一次性告知书: every material on one printable form; the teller ticks what is missing."""
    try:
        guide = selectors.item_guide(code)
    except ApplicationError as exc:
        return _error_page(request, exc)
    return render(request, "catalog/notice.html", {"guide": guide, "today": timezone.localdate()})


@require_GET
def bundle(request: HttpRequest, code: str) -> HttpResponse:
    try:
        view = selectors.bundle_detail(code)
    except ApplicationError as exc:
        return _error_page(request, exc)
    return render(request, "catalog/bundle.html", {"view": view})


@require_GET
def wizard_view(request: HttpRequest) -> HttpResponse:
    state = wizard.answer(
        who=request.GET.get("who", ""),
        event=request.GET.get("event", ""),
        bundle=request.GET.get("bundle", ""),
    )
    template = "catalog/_wizard.html" if request.htmx else "catalog/wizard.html"
    return render(request, template, {"state": state})
