"""One search budget for every surface that runs a search: the page, the API, feeds, find-in-document.

A browser is counted by its own visitor cookie, so an office behind one address does not share one
budget; a client without the cookie (API clients, feed readers, scripts) by its address. Every
address also has a ceiling for all its visitors together, counted for every search whatever cookie
it carries, so new cookies cannot buy more searches than that; a cookie is handed out only with a
search that was counted, never with the empty form.

Budgets are sliding windows (``SlidingWindow``): a fixed window lets a client spend its budget at
the end of one window and again at the start of the next, twice the rate. Counts live in the
cache: per process by default, shared by every worker when ``CACHE_URL`` names Redis
(docs/deployment.md says how to size the limits, and how to raise them for a test client).

Subscribing to alerts has budgets of its own: per visitor or address, per address, and per email
address subscribed (``subscribe_wait``, ``subscribe_email_wait``).

Logins have a budget of their own per address (``login_rate``), counted by django-ratelimit.
"""
import functools
import hashlib
import math
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from .errors import error_response

SEARCH_GROUP = "search"
EXPORT_GROUP = "export"
SUBSCRIBE_GROUP = "subscribe"
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


def visitor_or_address(request):
    visitor = visitor_id(request)
    return f"visitor:{visitor}" if visitor else f"address:{request.META.get('REMOTE_ADDR', '')}"


def address(request):
    return request.META.get("REMOTE_ADDR", "")


def search_wait(request):
    """Count one search; return the seconds to wait if it is over budget, else None."""
    return budget_wait(request, SEARCH_GROUP, [(visitor_or_address, settings.SEARCH_RATE_LIMIT),
                                               (address, settings.SEARCH_ADDRESS_RATE_LIMIT)])


def export_wait(request):
    """Count one export of a result set; return the seconds to wait if it is over budget, else None."""
    return budget_wait(request, EXPORT_GROUP, [(visitor_or_address, settings.EXPORT_RATE_LIMIT),
                                               (address, settings.EXPORT_ADDRESS_RATE_LIMIT)])


def subscribe_wait(request):
    """Count one attempt to subscribe to an alert; return the seconds to wait if over budget, else None."""
    return budget_wait(request, SUBSCRIBE_GROUP, [(visitor_or_address, settings.SUBSCRIBE_RATE_LIMIT),
                                                  (address, settings.SUBSCRIBE_ADDRESS_RATE_LIMIT)])


def subscribe_email_wait(request, mailbox):
    """Count one attempt to subscribe an address of ``mailbox``, whoever asks; return the seconds to
    wait if over budget.

    The cache holds only a digest of the address (``SlidingWindow.of``), never the address.
    """
    def email_address(request):
        return mailbox.lower()

    return budget_wait(request, SUBSCRIBE_GROUP, [(email_address, settings.SUBSCRIBE_EMAIL_RATE_LIMIT)])


def budget_wait(request, group, budgets):
    """Count one use against each (key, rate) budget; return the longest wait of those exceeded, or None.

    A refused use is taken back from every budget: a client that keeps knocking while over its
    limit does not push its own wait further away, nor spend its other budgets.
    """
    if not getattr(settings, "RATELIMIT_ENABLE", True):  # django-ratelimit's setting, which tests turn off
        return None
    windows = [SlidingWindow.of(f"{group}.{key.__name__}", key(request), rate) for key, rate in budgets]
    now = time.time()
    waits = [window.count(now) for window in windows]
    if not any(waits):
        return None
    for window in windows:
        window.take_back(now)
    return max(wait for wait in waits if wait)


# Rate periods as django-ratelimit writes them ("120/m", "20/h", "100/5m").
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class SlidingWindow:
    """A budget of ``limit`` uses per ``period`` seconds, counted over the last ``period`` seconds.

    Two adjacent fixed windows are kept in the cache and the previous one is weighted by how much
    of it still lies within the sliding period (Cloudflare's "sliding window counter"): within any
    period a client gets at most about ``limit`` uses, never twice that at a window's edge.
    """

    name: str
    limit: int
    period: int

    @classmethod
    def of(cls, group, key, rate):
        count, _, period = rate.partition("/")
        multiplier = period.rstrip("smhd") or "1"
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # any address or cookie is a valid cache key
        # The rate is part of the name, as in django-ratelimit: a changed rate starts counting afresh.
        return cls(f"budget:{group}:{rate}:{digest}", int(count), int(multiplier) * PERIOD_SECONDS[period[-1]])

    def key(self, window):
        return f"{self.name}:{self.period}:{window}"

    def count(self, now):
        """Count one use; return None within the budget, else the whole seconds until one fits."""
        window, elapsed = divmod(now, self.period)
        current_key = self.key(int(window))
        cache.add(current_key, 0, timeout=2 * self.period + 1)
        try:
            current = cache.incr(current_key)
        except ValueError:  # expired between add and incr
            cache.add(current_key, 1, timeout=2 * self.period + 1)
            current = 1
        previous = cache.get(self.key(int(window) - 1), 0)
        still_counted = 1 - elapsed / self.period
        if previous * still_counted + current <= self.limit:
            return None
        return self.seconds_until_one_fits(previous, current - 1, elapsed)

    def take_back(self, now):
        try:
            cache.decr(self.key(int(now // self.period)))
        except ValueError:
            pass

    def seconds_until_one_fits(self, previous, current, elapsed):
        """Return the seconds until ``previous * (1 - elapsed / period) + current + 1 <= limit``."""
        room = self.limit - 1 - current
        if room >= 0 and previous:  # within this window, once enough of the previous one slid out
            needed = self.period * (1 - room / previous)
            return max(1, math.ceil(needed - elapsed))
        # Only in the next window, once enough of this one slid out.
        needed_next = self.period * (1 - (self.limit - 1) / current) if current else 0
        return max(1, math.ceil(self.period - elapsed + max(needed_next, 0)))


def limit_searches(view):
    """Decorate a view that runs a search: over budget, it answers 429 with Retry-After."""

    @functools.wraps(view)
    def limited(request, *args, **kwargs):
        if not asks_for_anything(request):  # an empty form searches nothing, and gets no visitor cookie
            return view(request, *args, **kwargs)
        for _ in range(searches_asked(request)):
            if (wait := search_wait(request)) is not None:
                return rate_limited_response(request, wait)
        response = view(request, *args, **kwargs)
        give_visitor_cookie(request, response)
        return response

    return limited


def searches_asked(request):
    """How many searches a request asks for: one per query it gives (a timeline compares several),
    at least one (filters alone), and never counted past ten."""
    return min(max(sum(1 for query in request.GET.getlist("q") if query.strip()), 1), 10)


def asks_for_anything(request):
    """Whether the request's query string holds a value that is not blank (``?q=``, what an empty
    search box submits, asks for nothing)."""
    return any(value.strip() for _, values in request.GET.lists() for value in values)


def rate_limited_response(request, wait, what="searches"):
    response = error_response(request, 429, f"Too many {what}; try again in {wait} seconds.", "429.html")
    response["Retry-After"] = str(wait)
    return response


def give_visitor_cookie(request, response):
    """Give a browser its visitor cookie with its first search page (a search the address's budgets
    counted), so it is counted on its own."""
    if visitor_id(request) is None and response.get("Content-Type", "").startswith("text/html"):
        response.set_cookie(VISITOR_COOKIE, signing.dumps(secrets.token_urlsafe(12), salt=VISITOR_SALT),
                            max_age=VISITOR_COOKIE_AGE, httponly=True, samesite="Lax",
                            secure=not settings.DEBUG)


def login_rate(group, request):
    """Return the login budget per address, read on every login so that settings can change it."""
    return settings.LOGIN_RATE_LIMIT
