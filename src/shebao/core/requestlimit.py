"""A request whose declared body is larger than REQUEST_MAX_BYTES is answered 413 before anything reads it.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE counts form fields, not files: without this a 150 MB upload would be
streamed to disk and parsed before any view could refuse it. The limit is every material's largest scan at
once plus a margin for the rest of the form (settings). A body sent without Content-Length is not read by
Django at all (it counts as empty), so the declared length is the one to check."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

from shebao.core.errors import TooLarge


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > settings.SHEBAO["REQUEST_MAX_BYTES"]:
            return self.refuse(request, TooLarge())
        return self.get_response(request)

    def refuse(self, request, error: TooLarge):
        if request.path.startswith("/api/"):
            return JsonResponse({"error": error.as_dict()}, status=error.status)
        return render(request, "core/error.html", {"error": error}, status=error.status)
