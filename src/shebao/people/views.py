from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shebao.people import selectors


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    persons = selectors.person_search(user=request.user, query=query)
    template = "people/_results.html" if request.htmx else "people/search.html"
    return render(request, template, {"query": query, "persons": persons})


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_detail(user=request.user, person_id=person_id)
    return render(request, "people/detail.html", {"person": person})
