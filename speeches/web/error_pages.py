"""The pages for requests the site cannot answer as asked: 400, 404, and 429 when too many come too fast."""
from speeches.errors import error_response


def bad_request(request, exception=None):
    return error_response(request, 400, "The request could not be understood.", "400.html")


def page_not_found(request, exception=None):
    return error_response(request, 404, "Not found.", "404.html")


def rate_limited(request, exception):
    """Answer a client that sent too many requests too fast: 429 with a message, not an error."""
    return error_response(request, 429, "Too many requests from this address; wait a minute.", "429.html")
