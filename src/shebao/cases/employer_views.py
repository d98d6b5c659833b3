"""The teller's page for an employer at the window (单位经办): the employer by its credit code, its bundle or
item, the handling staff (经办人) with the letter of authority, and the employees' document numbers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.cases import services
from shebao.cases.employers import employer_by_code
from shebao.cases.views import _filling
from shebao.catalog.application_form import posted_answers
from shebao.catalog.models import Bundle
from shebao.core.errorpages import error_page
from shebao.core.errors import ApplicationError, ValidationFailed
from shebao.core.permissions import can, require
from shebao.people.selectors import person_search


@login_required
def accept_employer(request: HttpRequest) -> HttpResponse:
    require(request.user, "cases.case.accept")
    return _page(request, request.GET)


def _page(request: HttpRequest, asked, error: ValidationFailed | None = None) -> HttpResponse:
    """The page; again after a wrong answer on the application form (`asked`: the posted form), with what
    the teller typed and ticked kept and each wrong answer marked."""
    code = asked.get("credit_code", "").strip()
    item_code, bundle_code = asked.get("item", ""), asked.get("bundle", "")
    ctx: dict = {"credit_code": code, "item_code": item_code, "bundle_code": bundle_code}
    if code:
        try:
            ctx["employer"] = employer_by_code(code)
        except ApplicationError as unknown:  # not `error`: that names the refused form's error
            ctx["error"] = unknown
            ctx["may_register"] = can(request.user, "people.employer.register")
    if "employer" in ctx and not (item_code or bundle_code):
        ctx["bundles"] = list(Bundle.objects.filter(active=True, applicant_type="employer"))
    if "employer" in ctx and (item_code or bundle_code):
        # The checklist, the application form, the new key: as on the accept page for a person.
        _filling(ctx, item_code, bundle_code, asked if error else None, error)
        ctx["asks_letter"] = not any(m.key == "power_of_attorney" for m in ctx["materials"])
        ctx["typed"], ctx["form_error"] = (asked if error else {}), error
    return render(request, "cases/accept_employer.html", ctx, status=error.status if error else 200)


def _employees(user, numbers: str) -> list:
    """One person per document number typed (one a line); every number not found is named at once."""
    found, unknown = [], []
    for number in [n.strip() for n in numbers.splitlines() if n.strip()]:
        persons = person_search(user=user, query=number)
        if len(persons) == 1:
            found.append(persons[0])
        else:
            unknown.append(number[:6] + "…")
    if unknown:
        raise ValidationFailed(
            _("No single person was found for: %(numbers)s. Register them first.")
            % {"numbers": ", ".join(unknown)},
            fields={"employees": _("Unknown employees.")},
        )
    return found


def _handler(post) -> services.ProxyIn:
    return services.ProxyIn(
        post.get("handler_name", ""),
        post.get("handler_doc_type", ""),
        post.get("handler_doc_number", ""),
        "letter",  # an employer's staff act on its letter of authority
    )


@login_required
@require_POST
def accept_employer_submit(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        intake = services.employer_case_accept(
            teller=request.user,
            credit_code=post.get("credit_code", ""),
            employees=_employees(request.user, post.get("employees", "")),
            handler=services.ProxyIn(
                post.get("handler_name", ""),
                post.get("handler_doc_type", ""),
                post.get("handler_doc_number", ""),
                "letter",
            ),
            item_code=post.get("item", ""),
            bundle_code=post.get("bundle", ""),
            received=set(post.getlist("received")),
            answers=posted_answers(post),
            idempotency_key=post.get("key", ""),
        )
    except services.MaterialsMissing as missing:
        return render(request, "cases/notice.html", {"notice": missing.notice}, status=422)
    except ValidationFailed as error:
        if any(name.startswith("form_") for name in error.fields):
            return _page(request, post, error)
        return error_page(request, error)
    except ApplicationError as error:
        return error_page(request, error)
    return redirect("cases:receipt", number=intake.submission.cases.order_by("id").first().number)
