from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shebao.core.errors import ApplicationError, ValidationFailed
from shebao.core.idcards import DOC_TYPE_LABELS
from shebao.core.permissions import can, require
from shebao.people import selectors, services
from shebao.people.models import Post, Sex


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    persons = selectors.person_search(user=request.user, query=query)
    template = "people/_results.html" if request.htmx else "people/search.html"
    context = {
        "query": query,
        "persons": persons,
        "may_register": can(request.user, "people.person.register"),
    }
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_detail(user=request.user, person_id=person_id)
    context = {
        "person": person,
        # What the window does next for this person (the links are shown only to those who may).
        "may_bind": can(request.user, "people.proxy.bind", person),
        "may_accept": can(request.user, "cases.case.accept"),
        "may_record_post": person.sex == Sex.FEMALE and can(request.user, "people.person.post", person),
        "posts": Post.choices,
    }
    return render(request, "people/detail.html", context)


@login_required
@require_POST
def person_post(request: HttpRequest, person_id: int) -> HttpResponse:
    """The back office records a woman's post from her file: her retirement age follows it."""
    try:
        services.person_post_set(user=request.user, person_id=person_id, post=request.POST.get("post", ""))
        messages.success(request, _("Her post is recorded: her retirement age and notices follow it."))
    except ValidationFailed as error:
        messages.error(request, " ".join(str(m) for m in error.fields.values()) or str(error))
    return redirect("people:detail", person_id=person_id)


FIELDS = ("name", "doc_type", "number", "phone", "address")


@login_required
def person_register(request: HttpRequest) -> HttpResponse:
    """A teller registers someone the system does not know yet, with their first identity document."""
    require(request.user, "people.person.register")
    context: dict = {"doc_types": list(DOC_TYPE_LABELS.items()), "posted": request.POST, "error": None}
    if request.method == "POST":
        overriding = request.POST.get("override") == "1"
        values = {name: request.POST.get(name, "") for name in FIELDS}
        try:
            if overriding:
                person = services.person_register_override(
                    user=request.user, reason=request.POST.get("reason", ""), **values
                )
            else:
                person = services.person_register(user=request.user, **values)
        except ApplicationError as error:
            context["error"] = error
            # The rules refused the number: the teller who has seen the document may record it anyway,
            # with a reason, for a second person to approve (a supervised override).
            context["may_override"] = overriding or "number" in (error.fields or {})
            return render(request, "people/register.html", context, status=error.status)
        if overriding:
            messages.success(
                request,
                _("The person is registered. Their document waits for a second person's approval."),
            )
        else:
            messages.success(request, _("The person is registered."))
        return redirect("people:detail", person_id=person.pk)
    return render(request, "people/register.html", context)


@login_required
def override_list(request: HttpRequest) -> HttpResponse:
    """Documents recorded by supervised override that this manager or approver may approve."""
    require(request.user, "people.document.override.review")
    documents = selectors.overrides_to_approve(user=request.user)
    return render(request, "people/overrides.html", {"documents": documents})


@login_required
@require_POST
def override_approve(request: HttpRequest, document_id: int) -> HttpResponse:
    services.document_override_approve(user=request.user, document_id=document_id)
    messages.success(request, _("The document is approved. It stays marked as recorded by override."))
    return redirect("people:overrides")


EMPLOYER_FIELDS = ("credit_code", "name", "address")


@login_required
def employer_register(request: HttpRequest) -> HttpResponse:
    """A teller registers a new employer (单位参保登记) and its handling staff; then its staff are enrolled
    at the employer window (the next step, where this page leads)."""
    require(request.user, "people.employer.register")
    context: dict = {"doc_types": list(DOC_TYPE_LABELS.items()), "posted": request.POST, "error": None}
    if request.method == "POST":
        post = request.POST
        handler = services.Handler(
            name=post.get("handler_name", ""),
            doc_type=post.get("handler_doc_type", "resident_id"),
            number=post.get("handler_number", ""),
            phone=post.get("handler_phone", ""),
        )
        try:
            employer, created = services.employer_register(
                user=request.user, handler=handler, **{name: post.get(name, "") for name in EMPLOYER_FIELDS}
            )
        except ApplicationError as error:
            context["error"] = error
            return render(request, "people/employer_register.html", context, status=error.status)
        if created:
            messages.success(
                request,
                _("%(employer)s is registered; its handling staff is welcomed by text and in their inbox.")
                % {"employer": employer.name},
            )
        else:
            messages.info(request, _("%(employer)s was already registered.") % {"employer": employer.name})
        return redirect(f"{reverse('cases:accept_employer')}?credit_code={employer.credit_code}")
    return render(request, "people/employer_register.html", context)
