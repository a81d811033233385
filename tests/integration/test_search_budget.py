"""The search budget, counted in the real cache: sliding windows, and cookies that buy nothing."""
import pytest
from django.core.cache import cache
from django.test import Client

from speeches import limits

PERIOD = 60


class Clock:
    """Stands in for the ``time`` module inside ``speeches.limits``: the test says what time it is."""

    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch, settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    moment = Clock(1_000_000 * PERIOD)  # the start of a window
    monkeypatch.setattr(limits, "time", moment, raising=False)  # raising: the fixed windows had none
    yield moment
    cache.clear()


def searches(address, count, cookies=None):
    """Search ``count`` times as a client without cookies (a script, a feed reader), or with these."""
    responses = []
    for n in range(count):
        client = Client(REMOTE_ADDR=address)
        for name, value in (cookies or {}).items():
            client.cookies[name] = value
        responses.append(client.get("/search/", {"q": f"amity {n}"}))
    return responses


def test_a_budget_slides_so_a_window_edge_gives_no_second_budget(db, settings, clock):
    settings.SEARCH_RATE_LIMIT, settings.SEARCH_ADDRESS_RATE_LIMIT = "10/m", "1000/m"
    clock.now += PERIOD - 1  # the last second of a window
    assert [response.status_code for response in searches("203.0.113.50", 10)] == [200] * 10
    clock.now += 2  # the first second of the next: a fixed window would allow 10 more
    refused = searches("203.0.113.50", 1)[0]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= PERIOD
    clock.now += 30  # half the earlier window has slid out: about half the budget is back
    assert [response.status_code for response in searches("203.0.113.50", 6)] == [200] * 5 + [429]
    clock.now += 2 * PERIOD  # once no use lies within the last period, the whole budget
    assert {response.status_code for response in searches("203.0.113.50", 10)} == {200}


def test_retry_after_says_when_a_search_fits_again(db, settings, clock):
    settings.SEARCH_RATE_LIMIT, settings.SEARCH_ADDRESS_RATE_LIMIT = "4/m", "1000/m"
    clock.now += 20
    searches("203.0.113.51", 4)
    wait = int(searches("203.0.113.51", 1)[0]["Retry-After"])
    clock.now += wait - 1
    assert searches("203.0.113.51", 1)[0].status_code == 429  # knocking early costs nothing...
    clock.now += 1
    assert searches("203.0.113.51", 1)[0].status_code == 200  # ...and the wait it was told holds


def test_fresh_cookies_buy_nothing_beyond_the_address_ceiling(db, settings, clock):
    settings.SEARCH_RATE_LIMIT, settings.SEARCH_ADDRESS_RATE_LIMIT = "3/m", "8/m"
    for empty_form in ({}, {"q": ""}, {"q": " ", "kind": ""}):  # as a search box submitted empty sends it
        response = Client(REMOTE_ADDR="198.51.100.60").get("/search/", empty_form)
        assert response.status_code == 200 and limits.VISITOR_COOKIE not in response.cookies
    statuses = []
    for _ in range(20):  # a script that takes a new cookie with each search page and uses it
        first = searches("198.51.100.60", 1)[0]
        statuses.append(first.status_code)
        if limits.VISITOR_COOKIE in first.cookies:
            cookie = {limits.VISITOR_COOKIE: first.cookies[limits.VISITOR_COOKIE].value}
            statuses += [response.status_code for response in searches("198.51.100.60", 3, cookie)]
    assert statuses.count(200) == 8  # the address ceiling, whatever the cookies
    clock.now += PERIOD - 1  # and no second ceiling at the window's edge
    clock.now += 2
    assert searches("198.51.100.60", 1)[0].status_code == 429


def test_a_timeline_comparing_phrases_spends_a_search_for_each(db, settings, clock):
    settings.SEARCH_RATE_LIMIT, settings.SEARCH_ADDRESS_RATE_LIMIT = "6/m", "1000/m"
    def timeline(query):  # a client without cookies, counted by its address
        return Client(REMOTE_ADDR="203.0.113.70").get("/search/timeline/", {"q": query}).status_code

    compare = ['"peaceful rise"', '"peaceful development"', "amity", ""]  # the empty field asks nothing
    assert timeline(compare) == 200  # 3 of the 6
    assert timeline(compare) == 200  # 6 of the 6
    assert timeline("amity") == 429
