"""Following a search by email (issue 29): subscribing, the confirmation mail and its link, the page
of an address's alerts, one-click unsubscribing; the bounds on who can mail whom, and what hostile
input gets. Mail goes to a real SMTP server on loopback; every link in a mail is followed."""
import datetime
import html
import importlib
import re
import time
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.utils import timezone

from speeches.alerts import links, subscribing
from speeches.models import Alert, Subscriber
from speeches.search import DocumentSearchForm

READER = "reader@example.org"
SENT = "If the address can receive mail, a message is on its way"
SHARED_FUTURE = {"q": '"shared future"', "speaker": "xi-jinping"}
CANONICAL_SHARED_FUTURE = "q=%22shared+future%22&speaker=xi-jinping"


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def links_in(text, name):
    """Return the site's links to ``name`` (alerts/confirm, alerts/manage...) in a text or HTML."""
    return [html.unescape(url) for url in re.findall(rf"https?://[^\s\"<>]+/{name}/[^\s\"<>]+", text)]


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def submit(client, response, path, data):
    """Post ``data`` to ``path`` as the form on ``response`` would, with its CSRF token."""
    return client.post(path, {"csrfmiddlewaretoken": csrf_token(response), **data})


def parts_of(message):
    return {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}


def ask_for_alert(client, email=READER, frequency="daily", search=SHARED_FUTURE):
    form = client.get("/alerts/?" + search) if isinstance(search, str) else client.get("/alerts/", search)
    assert form.status_code == 200, form.content.decode()[:2000]
    query = re.search(r'name="query" value="([^"]*)"', form.content.decode()).group(1)
    return submit(client, form, "/alerts/", {"email": email, "frequency": frequency, "query": html.unescape(query)})


def active_alert(email=READER, query=CANONICAL_SHARED_FUTURE, description="“shared future”"):
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    now = timezone.now()
    return Alert.objects.create(subscriber=subscriber, query=query, description=description,
                                state=Alert.State.ACTIVE, confirmed_at=now, checked_at=now,
                                frequency=Alert.Frequency.DAILY)


def test_an_alert_from_a_search_is_confirmed_by_its_mail_then_changed_and_ended(seed_documents, smtp_server):
    client = Client(enforce_csrf_checks=True)
    results = client.get("/search/", {**SHARED_FUTURE, "page": "1", "sort": "newest"})
    offer = re.search(r'href="(/alerts/\?[^"]+)">Get an alert by email', results.content.decode()).group(1)

    form = client.get(html.unescape(offer))
    assert "“&quot;shared future&quot;”, with speaker Xi Jinping" in form.content.decode()
    sent = ask_for_alert(client, search=html.unescape(offer).partition("?")[2])
    assert sent.status_code == 200 and SENT in sent.content.decode()
    assert READER not in sent.content.decode()

    alert = Alert.objects.get()
    assert (alert.query, alert.state, alert.frequency) == (CANONICAL_SHARED_FUTURE, "unconfirmed", "daily")
    assert alert.description == '“"shared future"”, with speaker Xi Jinping'
    (message,) = smtp_server.to(READER)
    assert (message["To"], message["Subject"]) == (READER, "Confirm your alert")
    assert message["From"] == "Diplomatic Speech Archive <alerts@localhost>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    parts = parts_of(message)
    assert set(parts) == {"text/plain", "text/html"}
    assert '"shared future"' in parts["text/plain"] and "&quot;shared future&quot;" in parts["text/html"]
    (confirm_url,) = set(links_in(parts["text/plain"], "alerts/confirm"))
    assert links_in(parts["text/html"], "alerts/confirm") == [confirm_url]

    # A mail scanner opening the link confirms nothing: a person presses the button.
    page = client.get(path_of(confirm_url))
    assert page.status_code == 200 and "Confirm the alert" in page.content.decode()
    assert Alert.objects.get().state == Alert.State.UNCONFIRMED
    started = submit(client, page, path_of(confirm_url), {})
    assert started.status_code == 200 and "Your alert is on" in started.content.decode()
    alert.refresh_from_db()
    assert alert.state == Alert.State.ACTIVE and alert.confirmed_at == alert.checked_at is not None
    assert len(smtp_server.messages) == 1  # nothing else before, or on, confirmation

    (manage_url,) = re.findall(r'href="(/alerts/manage/[^"]+)"', started.content.decode())
    manage = client.get(path_of(manage_url))
    text = manage.content.decode()
    assert manage.status_code == 200 and READER in text and "with speaker Xi Jinping" in text
    assert f'href="/search/?{CANONICAL_SHARED_FUTURE.replace("&", "&amp;")}"' in text
    assert "no-cache" in manage["Cache-Control"] and 'name="robots" content="noindex"' in text

    changed = submit(client, manage, path_of(manage_url), {"action": "frequency", "alert": alert.pk,
                                                             "frequency": "weekly"})
    assert changed.status_code == 302
    again = client.get(changed["Location"])
    assert "now comes: weekly digest" in again.content.decode()
    assert Alert.objects.get().frequency == Alert.Frequency.WEEKLY

    ended = submit(client, again, path_of(manage_url), {"action": "end", "alert": alert.pk})
    assert ended.status_code == 200 and "the address has been deleted" in ended.content.decode()
    assert not Alert.objects.exists() and not Subscriber.objects.exists()
    assert client.get(path_of(manage_url)).status_code == 404


def test_one_click_unsubscribe_needs_no_csrf_token_and_says_so_when_asked_again(db):
    alert, other = active_alert(), active_alert(query="q=amity")
    client = Client(enforce_csrf_checks=True)  # as a mail client posts: no cookie, no token
    path = path_of(links.unsubscribe_url(alert))

    page = client.get(path)
    assert page.status_code == 200 and "End the alert" in page.content.decode()
    assert Alert.objects.filter(pk=alert.pk).exists()

    ended = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert ended.status_code == 200 and "The alert has ended" in ended.content.decode()
    assert list(Alert.objects.all()) == [other]
    (manage_url,) = re.findall(r'href="(/alerts/manage/[^"]+)"', ended.content.decode())
    assert client.get(path_of(manage_url)).status_code == 200

    again = client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert again.status_code == 200 and "already ended" in again.content.decode()
    assert client.get(path).status_code == 200

    client.post(path_of(links.unsubscribe_url(other)), "List-Unsubscribe=One-Click",
                content_type="application/x-www-form-urlencoded")
    assert not Subscriber.objects.exists()  # the last alert gone, the address goes


def test_the_forms_posts_need_their_csrf_token(db):
    alert = active_alert()
    client = Client(enforce_csrf_checks=True)
    assert client.post("/alerts/", {"email": READER, "frequency": "daily", "query": "q=amity"}).status_code == 403
    assert client.post(path_of(links.confirm_url(alert))).status_code == 403
    assert client.post(path_of(links.manage_url(alert.subscriber)), {"action": "end-all"}).status_code == 403
    assert Alert.objects.count() == 1


def test_asking_again_for_an_alert_one_has_mails_the_link_to_ones_alerts_and_changes_nothing(seed_documents,
                                                                                             smtp_server):
    alert = active_alert()
    sent = ask_for_alert(Client(), frequency="immediate")
    assert SENT in sent.content.decode()
    (message,) = smtp_server.to(READER)
    assert message["Subject"] == "Your alerts"
    parts = parts_of(message)
    (manage_url,) = set(links_in(parts["text/plain"], "alerts/manage"))
    assert links_in(parts["text/html"], "alerts/manage") == [manage_url]
    assert not links_in(parts["text/plain"], "alerts/confirm")
    assert "shared future" in Client().get(path_of(manage_url)).content.decode()
    alert.refresh_from_db()
    assert (alert.frequency, alert.state) == (Alert.Frequency.DAILY, Alert.State.ACTIVE)


def test_asking_again_for_an_alert_that_was_stopped_begins_it_anew(seed_documents, smtp_server):
    stopped = active_alert()
    Alert.objects.filter(pk=stopped.pk).update(state=Alert.State.STOPPED, stopped_because="No such speaker.")
    ask_for_alert(Client(), frequency="weekly")
    (message,) = smtp_server.to(READER)
    assert message["Subject"] == "Confirm your alert"
    alert = Alert.objects.get(subscriber__email=READER)
    assert (alert.state, alert.frequency, alert.stopped_because) == (Alert.State.UNCONFIRMED, "weekly", "")
    assert not Alert.objects.filter(pk=stopped.pk).exists()


def test_an_address_gets_at_most_three_mails_a_day_and_the_page_says_the_same(seed_documents, smtp_server):
    client = Client()
    answers = [ask_for_alert(client, search={"q": f"amity {n}"}) for n in range(5)]
    assert {answer.status_code for answer in answers} == {200}
    assert all(SENT in answer.content.decode() for answer in answers)
    assert len(smtp_server.to(READER)) == 3
    assert Alert.objects.count() == 3  # nothing kept for the asks beyond the bound

    criteria = DocumentSearchForm({"q": "amity 4"})
    criteria.is_valid()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert subscribing.subscribe(READER, criteria.criteria(), "daily", now=tomorrow) == "confirm"
    assert len(smtp_server.to(READER)) == 4


def test_one_mailbox_gets_at_most_three_mails_a_day_however_its_address_is_written(seed_documents, smtp_server):
    spellings = ["Reader@example.org", "reader@EXAMPLE.org", "READER@example.org", "reader@exämple.org",
                 "reader@xn--exmple-cua.org", "READER@EXÄMPLE.ORG"]
    for number, email in enumerate(spellings):
        assert ask_for_alert(Client(), email=email, search={"q": f"amity {number}"}).status_code == 200
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "reader@example.org", "reader@xn--exmple-cua.org"]
    assert len(smtp_server.to(READER)) == 3 and len(smtp_server.to("reader@xn--exmple-cua.org")) == 3


def test_an_address_longer_than_mail_allows_once_its_domain_is_written_in_idna_is_refused(seed_documents, smtp_server):
    email = "reader@" + ".".join(["ä" * 25] * 9) + ".org"
    assert len(email) <= 254
    answer = ask_for_alert(Client(), email=email)
    assert answer.status_code == 400 and "at most 254 characters" in answer.content.decode()
    assert not smtp_server.messages and not Subscriber.objects.exists()


def test_subscribers_written_before_as_spellings_of_one_mailbox_become_one(db):
    merging = importlib.import_module("speeches.migrations.0028_subscribers_by_mailbox")
    upper, lower = Subscriber.objects.create(email="Bob@example.org"), Subscriber.objects.create(email="bob@example.org")
    unicode_domain = Subscriber.objects.create(email="bob@exämple.org")
    Alert.objects.create(subscriber=upper, query="q=amity", description="amity", state=Alert.State.UNCONFIRMED)
    Alert.objects.create(subscriber=lower, query="q=amity", description="amity", state=Alert.State.ACTIVE)
    Alert.objects.create(subscriber=lower, query="q=peace", description="peace")
    Alert.objects.create(subscriber=unicode_domain, query="q=trade", description="trade")

    merging.merge_spellings(django_apps, None)

    assert sorted(Subscriber.objects.values_list("email", flat=True)) == ["bob@example.org", "bob@xn--exmple-cua.org"]
    assert sorted(Alert.objects.filter(subscriber__email="bob@example.org").values_list("query", "state")) == [
        ("q=amity", Alert.State.ACTIVE), ("q=peace", Alert.State.UNCONFIRMED)]
    assert Alert.objects.get(subscriber__email="bob@xn--exmple-cua.org").query == "q=trade"


def test_subscribing_is_limited_per_client(seed_documents, smtp_server, settings):
    settings.RATELIMIT_ENABLE, settings.SUBSCRIBE_RATE_LIMIT = True, "2/h"
    client = Client(REMOTE_ADDR="203.0.113.7")
    answers = [ask_for_alert(client, email=f"reader{n}@example.org") for n in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert int(answers[2]["Retry-After"]) > 0
    assert "Too many requests for alerts" in answers[2].content.decode()
    assert len(smtp_server.messages) == 2
    assert ask_for_alert(Client(REMOTE_ADDR="203.0.113.8"), email="reader9@example.org").status_code == 200


def test_subscribing_is_limited_per_email_address_whoever_asks_and_says_the_same(seed_documents, smtp_server,
                                                                               settings):
    settings.RATELIMIT_ENABLE, settings.SUBSCRIBE_EMAIL_RATE_LIMIT = True, "2/h"
    answers = [ask_for_alert(Client(REMOTE_ADDR=f"203.0.113.{n}"), email="Target@Example.org" if n % 2 else
                             "target@example.org", search={"q": f"amity {n}"}) for n in range(4)]
    assert {answer.status_code for answer in answers} == {200}
    assert all(SENT in answer.content.decode() for answer in answers)
    assert len(smtp_server.messages) == 2


@pytest.mark.parametrize("email", [
    "reader@example.org\r\nBcc: victim@example.org",
    "reader@example.org\nSubject: Cheap pills",
    "reader@example.org, victim@example.org",
    "Reader <reader@example.org>",
    '"victim@example.org, x"@example.org',
    "reader@example.org%0ABcc:victim@example.org",
    "a" * 250 + "@example.org",
    "reader@" + "a" * 70 + ".example.org",
    "not an address",
    "",
    "=?utf-8?q?reader?=@example.org",
    "=?utf-8?b?cmVhZGVy?=@example.org",
    "=?utf-8?q?a=2Cb?=@example.org",
    "reader@localhost",  # a mailbox of the archive's own machine, or of none on the internet
    "reader@mail.localhost", "reader@localhost.localdomain", "reader@example.test", "reader@host.local.",
])
def test_a_hostile_or_mistyped_address_is_refused_with_a_message_and_no_mail(seed_documents, smtp_server, email):
    client = Client()
    answer = ask_for_alert(client, email=email)
    text = answer.content.decode()
    assert answer.status_code == 400 and "The alert could not be set up" in text
    assert "Get the alert" in text and 'name="query" value="q=%22shared+future%22&amp;speaker=xi-jinping"' in text
    assert not smtp_server.messages and not Subscriber.objects.exists()


def test_a_typed_address_is_kept_when_the_form_is_refused(seed_documents, smtp_server):
    client = Client()
    form = client.get("/alerts/", {"q": "amity"})
    answer = submit(client, form, "/alerts/", {"email": "reader@example.org", "frequency": "hourly", "query": "q=amity"})
    assert answer.status_code == 400 and 'value="reader@example.org"' in answer.content.decode()
    assert "Select a valid choice" in answer.content.decode() and not smtp_server.messages


@pytest.mark.parametrize("query, says", [
    ("", "An alert follows a search"),
    ("sort=newest&page=2&utm_source=x", "An alert follows a search"),
    ("q=+++&speaker=", "An alert follows a search"),
    ("date_from=2025-13-40&q=amity", "is not a date"),
    ("lang=xx-nope-nope-nope-nope&q=amity", "language"),
    ("q=" + "amity+" * 800, "at most 4000 characters"),
    ("q=" + "a" * 2100, "a search reads at most 1000"),
    ("q=" + "+OR+".join(f"term{number:03d}" for number in range(120)) + "+OR+pangolin", "a search reads at most 1000"),
    ("a&" * 1500, "too many parts"),
])
def test_a_search_that_cannot_be_followed_is_refused_with_the_reason(seed_documents, smtp_server, query, says):
    client = Client()
    form = client.get("/alerts/", {"q": "amity"})
    answer = submit(client, form, "/alerts/", {"email": READER, "frequency": "daily", "query": query})
    text = html.unescape(answer.content.decode())
    assert answer.status_code == 400 and "This search cannot be followed" in text and says in text
    assert "Change the search" in text
    assert not smtp_server.messages and not Alert.objects.exists()
    if query and len(query) < 500:  # without a query the form says what alerts are
        assert client.get("/alerts/?" + query).status_code == 400


def test_the_form_without_a_search_says_what_alerts_are(db):
    answer = Client().get("/alerts/")
    assert answer.status_code == 200 and "An alert follows a search" in answer.content.decode()


def test_no_field_of_a_search_reaches_a_header(seed_documents, smtp_server):
    hostile = {"q": "amity\r\nBcc: victim@example.org\r\nSubject: pills \u2028 \x85 more", "speaker": "xi-jinping"}
    sent = ask_for_alert(Client(), search=hostile)
    assert sent.status_code == 200 and SENT in sent.content.decode()
    (message,) = smtp_server.messages
    assert smtp_server.recipients == [[READER]]
    assert message["Bcc"] is None and message["Subject"] == "Confirm your alert"
    alert = Alert.objects.get()
    assert "\n" not in alert.description and "\r" not in alert.description and "\u2028" not in alert.description
    assert "%0D" not in alert.query and "%0A" not in alert.query


def test_a_description_longer_than_it_may_be_is_cut(seed_documents, smtp_server):
    sent = ask_for_alert(Client(), search={"q": " ".join(["cooperation"] * 80), "speaker": "xi-jinping"})
    assert sent.status_code == 200
    alert = Alert.objects.get()
    assert len(alert.description) <= 500 and "…" in alert.description


def test_the_canonical_query_keeps_what_the_search_form_reads_in_order_of_name(seed_documents):
    def canonical(parameters):
        form = DocumentSearchForm(parameters)
        assert form.is_valid(), form.errors
        return subscribing.canonical_query(form.criteria())

    one = canonical({"speaker": "xi-jinping", "q": '  "shared\n  future" ', "page": "3", "sort": "oldest",
                     "lang": "ZH", "case": "off", "date_from": "2020-01-05", "region": "", "utm": "x"})
    assert one == "date_from=2020-01-05&lang=zh&q=%22shared+future%22&speaker=xi-jinping"
    assert canonical({"q": "amity", "lang": "zh-CN"}) == canonical({"q": "amity", "lang": "zh-Hans"}) == "lang=zh-hans&q=amity"
    assert canonical({"q": '"shared future"', "lang": "zh", "speaker": "xi-jinping", "date_from": "2020-01-05"}) == one
    assert canonical({"q": "amity", "case": "on", "year": "2024"}) == "case=on&q=amity&year=2024"
    read_back = DocumentSearchForm(dict(pair.split("=") for pair in "case=on&q=amity&year=2024".split("&")))
    assert read_back.is_valid() and subscribing.canonical_query(read_back.criteria()) == "case=on&q=amity&year=2024"


def test_a_description_says_the_search_in_words(seed_documents):
    form = DocumentSearchForm({"q": '"peaceful development"', "speaker": "xi-jinping", "date_from": "2020-01-01",
                               "date_to": "2025-12-31", "lang": "en", "kind": "speech"})
    assert form.is_valid()
    assert subscribing.describe(form.criteria()) == (
        '“"peaceful development"”, with speaker Xi Jinping, kind Speech, a text in English, '
        "1 January 2020 – 31 December 2025")
    listing = DocumentSearchForm({"region": "central-asia"})
    assert listing.is_valid()
    assert subscribing.describe(listing.criteria()) == "Every document, with region Central Asia"
    # a language with its script named as a language; a direction override, which would reverse the
    # rest of the line in the archive's own mails, left out
    scripted = DocumentSearchForm({"q": "\u202eevil\u202c \u2067isolated\u2069 marked\u200f\u061c", "lang": "zh-CN",
                                   "venue": "\u202ex"})
    assert scripted.is_valid()
    assert subscribing.describe(scripted.criteria()) == (
        "“evil isolated marked”, with venue x, a text in Chinese (Simplified)")


@pytest.mark.parametrize("page, query, words", [
    ("/people/xi-jinping/", "speaker=xi-jinping", "with speaker Xi Jinping"),
    ("/regions/central-asia/", "region=central-asia", "with region Central Asia"),
    ("/venues/astana/", "venue=astana", "with venue "),
    ("/kinds/speech/", "kind=speech", "with kind Speech"),
])
def test_a_listing_offers_an_alert_on_its_filter(seed_documents, smtp_server, page, query, words):
    client = Client()
    listing = client.get(page)
    offer = re.search(r'href="(/alerts/\?[^"]+)">Get an alert by email', listing.content.decode()).group(1)
    assert offer == f"/alerts/?{query}"
    form = client.get(offer)
    assert form.status_code == 200 and words in html.unescape(form.content.decode())
    assert ask_for_alert(client, search=query).status_code == 200
    assert Alert.objects.get().query == query


def test_bad_links_get_a_page_that_says_so(db, monkeypatch):
    alert = active_alert()
    client = Client()
    manage_token = links.token("manage", alert.subscriber.pk)
    unsubscribe_token = links.token("unsubscribe", alert.pk)
    for path in ["/alerts/confirm/nonsense/", "/alerts/manage/nonsense/", "/alerts/unsubscribe/nonsense/",
                 f"/alerts/confirm/{manage_token}/", f"/alerts/manage/{unsubscribe_token}/",
                 f"/alerts/manage/{manage_token[:-3]}/", f"/alerts/unsubscribe/{'x' * 5000}/",
                 "/alerts/manage/%00/", "/alerts/confirm/1:aaaa:bbbb/"]:
        for answer in (client.get(path), client.post(path)):
            assert answer.status_code == 400, path
            assert "This link does not work" in answer.content.decode() or "%00" in path
    gone = links.token("confirm", alert.pk + 100)
    assert client.get(f"/alerts/confirm/{gone}/").status_code == 404
    assert client.get(f"/alerts/manage/{links.token('manage', 999)}/").status_code == 404

    monkeypatch.setattr(links, "CONFIRM_LIFETIME", datetime.timedelta(seconds=-1))
    expired = client.get(path_of(links.confirm_url(alert)))
    assert expired.status_code == 400 and "expired" in expired.content.decode()


def test_the_manage_page_ends_only_the_addresss_own_alerts(db):
    mine, theirs = active_alert(), active_alert(email="other@example.org")
    client = Client()
    path = path_of(links.manage_url(mine.subscriber))
    assert "other@example.org" not in client.get(path).content.decode()
    refused = client.post(path, {"action": "end", "alert": theirs.pk})
    assert refused.status_code == 400 and "could not be made" in refused.content.decode()
    assert client.post(path, {"action": "frequency", "alert": mine.pk, "frequency": "monthly"}).status_code == 400
    assert client.post(path, {"action": "explode"}).status_code == 400
    assert client.post(path, {"action": "end", "alert": "9" * 40}).status_code == 400
    assert client.post(path, {"action": "end", "alert": "1; DROP TABLE"}).status_code == 400
    assert Alert.objects.count() == 2

    active_alert(query="q=amity")
    ended_one = client.post(path, {"action": "end", "alert": mine.pk}, follow=True)
    assert "has ended" in ended_one.content.decode() and Subscriber.objects.filter(email=READER).exists()
    everything = client.post(path, {"action": "end-all"})
    assert everything.status_code == 200 and "the address has been deleted" in everything.content.decode()
    assert list(Alert.objects.all()) == [theirs] and not Subscriber.objects.filter(email=READER).exists()


def test_a_suspended_alert_is_not_started_by_its_confirmation_link(db):
    alert = active_alert()
    Alert.objects.filter(pk=alert.pk).update(state=Alert.State.SUSPENDED)
    answer = Client().post(path_of(links.confirm_url(alert)))
    assert answer.status_code == 200 and "suspended" in answer.content.decode()
    assert Alert.objects.get().state == Alert.State.SUSPENDED


def test_unconfirmed_alerts_and_their_addresses_are_forgotten_after_a_week(seed_documents, smtp_server):
    ask_for_alert(Client())
    week_later = timezone.now() + links.CONFIRM_LIFETIME + datetime.timedelta(minutes=1)
    subscribing.forget_unconfirmed(week_later)
    assert not Alert.objects.exists() and not Subscriber.objects.exists()


def test_subaddresses_of_one_mailbox_share_its_mails_a_day_and_its_rate(seed_documents, smtp_server, settings):
    for number in range(6):
        assert ask_for_alert(Client(), email=f"victim+{number}@example.org",
                             search={"q": f"amity {number}"}).status_code == 200
    for number, spelling in enumerate(["v.i.c.t.i.m@gmail.com", "victim+x@googlemail.com", "VICTIM@gmail.com"]):
        ask_for_alert(Client(), email=spelling, search={"q": f"peace {number}"})
    assert len(smtp_server.messages) == 3 + 3  # three to victim@example.org's mailbox, three to victim@gmail.com's
    assert Subscriber.objects.get(email="victim+0@example.org").mailbox == "victim@example.org"

    settings.RATELIMIT_ENABLE, settings.SUBSCRIBE_EMAIL_RATE_LIMIT = True, "2/h"
    smtp_server.messages.clear()
    tomorrow = Client()
    for number in range(4):
        ask_for_alert(tomorrow, email=f"other+{number}@example.org", search={"q": f"trade {number}"})
    assert len(smtp_server.messages) == 2


def test_an_address_whose_name_is_not_in_latin_letters_is_refused(seed_documents, smtp_server):
    answer = ask_for_alert(Client(), email="İ@example.org")
    assert answer.status_code == 400 and "written in unaccented Latin" in answer.content.decode()
    assert not smtp_server.messages and not Subscriber.objects.exists()


def test_a_one_click_ending_still_works_from_a_mail_kept_for_years(db):
    alert = active_alert()
    path = path_of(links.unsubscribe_url(alert))
    with pytest.MonkeyPatch.context() as patch:
        later = time.time() + 5 * 366 * 24 * 3600
        patch.setattr(time, "time", lambda: later)
        answer = Client().post(path)
    assert answer.status_code == 200 and not Alert.objects.exists()
