"""One search budget for every surface that runs a search: the page, the API, feeds, find-in-document.

A browser is counted by its own visitor cookie, so an office behind one address does not share one
budget; a client without the cookie (API clients, feed readers, scripts) by its address. Every
address also has a ceiling for all its visitors together, so new cookies cannot buy more searches
than that. Counts live in the cache: per process by default, shared by every worker when
``CACHE_URL`` names Redis (docs/deployment.md says how to size the limits).
"""
import functools
import secrets

from django.conf import settings
from django.core import signing
from django_ratelimit.core import get_usage

from .errors import error_response

SEARCH_GROUP = "search"
EXPORT_GROUP = "export"
VISITOR_COOKIE = "archive_visitor"
VISITOR_COOKIE_AGE = 24 * 60 * 60
VISITOR_SALT = "speeches.limits.visitor"


def visitor_id(request):
    """Return the id of the visitor cookie this site signed, or None."""
    signed = request.COOKIES.get(VISITOR_COOKIE, "")
    try:
        return signing.loads(signed, salt=VISITOR_SALT, max_age=VISITOR_COOKIE_AGE) if signed else None
    except signing.BadSignature:
        return None


def visitor_or_address(group, request):
    visitor = visitor_id(request)
    return f"visitor:{visitor}" if visitor else f"address:{request.META.get('REMOTE_ADDR', '')}"


def address(group, request):
    return request.META.get("REMOTE_ADDR", "")


def search_wait(request):
    """Count one search; return the seconds to wait if it is over budget, else None."""
    return budget_wait(request, SEARCH_GROUP, [(visitor_or_address, settings.SEARCH_RATE_LIMIT),
                                               (address, settings.SEARCH_ADDRESS_RATE_LIMIT)])


def export_wait(request):
    """Count one export of a result set; return the seconds to wait if it is over budget, else None."""
    return budget_wait(request, EXPORT_GROUP, [(visitor_or_address, settings.EXPORT_RATE_LIMIT),
                                               (address, settings.EXPORT_ADDRESS_RATE_LIMIT)])


def budget_wait(request, group, budgets):
    """Count one use of each (key, rate) budget; return the longest wait of those exceeded, or None."""
    waits = []
    for key, rate in budgets:
        usage = get_usage(request, group=group + "." + key.__name__, key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            waits.append(max(int(usage["time_left"]), 1))
    return max(waits) if waits else None


def limit_searches(view):
    """Decorate a view that runs a search: over budget, it answers 429 with Retry-After."""

    @functools.wraps(view)
    def limited(request, *args, **kwargs):
        if request.GET and (wait := search_wait(request)) is not None:  # an empty form searches nothing
            return rate_limited_response(request, wait)
        response = view(request, *args, **kwargs)
        give_visitor_cookie(request, response)
        return response

    return limited


def rate_limited_response(request, wait, what="searches"):
    response = error_response(request, 429, f"Too many {what}; try again in {wait} seconds.", "429.html")
    response["Retry-After"] = str(wait)
    return response


def give_visitor_cookie(request, response):
    """Give a browser its visitor cookie with its first search page, so it is counted on its own."""
    if visitor_id(request) is None and response.get("Content-Type", "").startswith("text/html"):
        response.set_cookie(VISITOR_COOKIE, signing.dumps(secrets.token_urlsafe(12), salt=VISITOR_SALT),
                            max_age=VISITOR_COOKIE_AGE, httponly=True, samesite="Lax",
                            secure=not settings.DEBUG)
