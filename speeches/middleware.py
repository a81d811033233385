"""Request checks that apply to every view."""
from .errors import error_response


class RejectNulCharacters:
    """Answer 400 to any URL containing a NUL character.

    No path or parameter of the archive can contain one, and PostgreSQL refuses NUL in text (a
    500 if it reached a query); forms reject it already, path converters and raw parameters do not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            return error_response(request, 400, "NUL characters are not allowed in addresses.")
        return self.get_response(request)
