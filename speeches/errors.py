"""Error answers: JSON under /api/ (as the API's schema documents them), a page or plain text elsewhere."""
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"


def error_response(request, status, detail, template=None):
    """Answer ``status`` with ``detail``: ``{"detail": ...}`` to API clients, else ``template`` (or text)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": detail}, status=status)
    if template:
        return render(request, template, {"detail": detail}, status=status)
    return HttpResponse(detail, status=status, content_type="text/plain")
