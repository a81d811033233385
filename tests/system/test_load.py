"""A bounded load test: a few clients searching at once against the live server until the budget is spent.

Every answer must be a 200 or, once the search budget is spent, a 429 with Retry-After: never an
error, however the requests interleave. (Throughput is measured by docs/deployment.md's recipe, not
here: this checks that concurrency breaks nothing.)
"""
import collections
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CLIENTS = 4
# Each client searches until it is refused (the budget is spent), however slow the machine; this only
# bounds a run that never meets the limit.
GIVE_UP_SECONDS = 120
QUERIES = ['"shared future"', "cooperation", "amity OR sincerity", '"mutual benefit" -war', "Central Asia",
           "pomegranate", "friendship AND neighbors", '"community with a shared future"', "(trade OR energy) summit"]
PATHS = ["/search/?q={}", "/api/search/?q={}", "/feeds/search/?q={}",
         "/d/stx5jr9c/joining-hands-for-a-shared-future/?find={}"]


def client_session(base_url, seed, statuses, until):
    rng = random.Random(seed)
    while time.monotonic() < until and not statuses[429]:
        path = rng.choice(PATHS).format(urllib.parse.quote(rng.choice(QUERIES)))
        try:
            with urllib.request.urlopen(base_url + path, timeout=30) as response:
                statuses[response.status] += 1
        except urllib.error.HTTPError as error:
            retry_after = error.headers.get("Retry-After", "")
            statuses[error.code if error.code != 429 or retry_after.isdigit() else "429 without Retry-After"] += 1


def test_concurrent_searches_answer_200_or_429_only(seeded_site, settings):
    settings.RATELIMIT_ENABLE = True
    settings.SEARCH_RATE_LIMIT = "10/m"  # low enough that even a slow run meets the limit
    statuses = collections.Counter()
    until = time.monotonic() + GIVE_UP_SECONDS
    threads = [threading.Thread(target=client_session, args=(seeded_site, seed, statuses, until))
               for seed in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=GIVE_UP_SECONDS + 60)
    assert set(statuses) <= {200, 429}, statuses
    # One address, no cookies: one budget of 10 (20 if the minute's window turns during the run).
    assert 10 <= statuses[200] <= 20 and statuses[429] > 0, statuses
