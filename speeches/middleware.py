"""Request checks that apply to every view."""
from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.urls import reverse

from .errors import error_response


class RejectUnreadableAddresses:
    """Answer 400, with the reason, to a URL no view can read: one holding a NUL character, or more
    parameters than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``.

    No path or parameter of the archive can contain NUL, and PostgreSQL refuses NUL in text (a 500
    if it reached a query); forms reject it already, path converters and raw parameters do not. Too
    many parameters make Django's ``request.GET`` raise, which its own debug page then raises again
    reading it: a 500 under ``DEBUG``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            parameters = request.GET.lists()
        except TooManyFieldsSent:
            request.GET = QueryDict()  # nothing reading it later (Django's debug page) raises again
            return error_response(request, 400, f"An address may have at most "
                                  f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} parameters.", "400.html")
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for values in parameters for value in values[1]
        ):
            return error_response(request, 400, "NUL characters are not allowed in addresses.", "400.html")
        return self.get_response(request)


class LimitRequestSizes:
    """Answer 413, before reading it, to a request larger than a visitor's form needs
    (``VISITOR_REQUEST_MOST_BYTES``); an editor signed in to the admin may send a document's whole
    form, and its uploads (``DATA_UPLOAD_MAX_MEMORY_SIZE`` and the uploads' own limits)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django reads such a request as having no body
        if size > settings.VISITOR_REQUEST_MOST_BYTES and not is_editor_in_admin(request):
            return error_response(request, 413, f"A request may hold at most "
                                  f"{settings.VISITOR_REQUEST_MOST_BYTES // 1024:,} KB; this one holds {size // 1024:,} KB.",
                                  "413.html")
        return self.get_response(request)


def is_editor_in_admin(request):
    return request.path.startswith(reverse("admin:index")) and request.user.is_staff
