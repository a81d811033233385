"""The pages for requests the site cannot answer as asked: 400, 403, 404, and 429 when too many come too fast."""
from django.shortcuts import render

from speeches.errors import error_response

ADMIN_PREFIX = "/admin/"


def bad_request(request, exception=None):
    return error_response(request, 400, "The request could not be understood.", "400.html")


def permission_denied(request, exception=None):
    """Refuse with the reason the refusal gave (``PermissionDenied("why")``); in the admin, on an admin page."""
    reason = str(exception or "") or "You do not have permission to do this."
    if request.path.startswith(ADMIN_PREFIX) and request.user.is_authenticated and request.user.is_staff:
        return render(request, "admin/403.html", {"reason": reason, "title": "Not allowed"}, status=403)
    return error_response(request, 403, reason, "403.html")


def csrf_failure(request, reason=""):
    """Refuse a form sent without its security token (``CSRF_FAILURE_VIEW``) on the site's own page, saying
    what to do; Django's reason ("CSRF cookie not set.") names nothing a reader knows."""
    return error_response(request, 403, "This form could not be accepted: it has expired, or the browser did not "
                          "send the cookie it came with. Reload the page and send it again.", "403.html")


def page_not_found(request, exception=None):
    return error_response(request, 404, "Not found.", "404.html")


def rate_limited(request, exception):
    """Answer a client that sent too many requests too fast: 429 with a message, not an error."""
    return error_response(request, 429, "Too many requests from this address; wait a minute.", "429.html")
