"""Staff page: a teller records a proxy binding when the principal consents in person at the window."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shebao.core.errors import ApplicationError, ValidationFailed
from shebao.core.permissions import require
from shebao.people import proxies, selectors
from shebao.people.citizen_models import ProxyBinding, Relation


@login_required
def window_bindings(request: HttpRequest, person_id: int) -> HttpResponse:
    principal = selectors.person_detail(user=request.user, person_id=person_id)
    require(request.user, "people.proxy.bind", principal)
    ctx: dict = {"person": principal, "relations": Relation.choices}
    if request.method == "POST":
        try:
            _window_action(request, principal)
        except ApplicationError as error:
            ctx["error"] = error
        else:
            messages.success(request, _("Done."))
            return redirect("people:proxies", person_id=principal.pk)
    ctx["bindings"] = ProxyBinding.objects.filter(principal=principal, ended_at__isnull=True).select_related(
        "proxy"
    )
    return render(request, "people/window_bindings.html", ctx, status=422 if "error" in ctx else 200)


def _window_action(request: HttpRequest, principal) -> None:
    post = request.POST
    if post.get("end"):
        proxies.proxy_unbind(binding_id=int(post["end"]) if post["end"].isdigit() else 0, teller=request.user)
        return
    if post.get("present") != "1":
        raise ValidationFailed(fields={"present": _("The person must be present and agree.")})
    found = selectors.person_search(user=request.user, query=post.get("number", ""))
    if len(found) != 1:
        raise ValidationFailed(
            fields={"number": _("Nobody with this document number was found. Register the proxy first.")}
        )
    proxies.proxy_bind_at_window(
        teller=request.user, proxy=found[0], principal=principal, relation=post.get("relation", "")
    )
