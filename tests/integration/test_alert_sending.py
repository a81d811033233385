"""Alerts by email, sent: against a real SMTP server on loopback, each new document reported once per alert."""
import datetime
import os
import re
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from speeches.alerts.sending import send_alerts
from speeches.models import Alert, AlertDelivery, Document, Subscriber
from speeches.review import start_correction

from tests.factories import make_document, make_person, make_venue

pytestmark = pytest.mark.django_db

READER = "reader@example.org"
BASE = "http://127.0.0.1:8000"
MATCHING = "Both sides will keep to the path of peaceful development and win-win cooperation."


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """The run's lock file in this test's folder: parallel workers never see each other's runs."""
    settings.DATA_DIR = tmp_path
    settings.ARCHIVE_BASE_URL = BASE


def make_alert(query="q=%22peaceful+development%22", email=READER, **fields):
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    fields = {"frequency": Alert.Frequency.IMMEDIATE, "state": Alert.State.ACTIVE,
              "confirmed_at": timezone.now() - timedelta(hours=1), "description": '“"peaceful development"”', **fields}  # as subscribing describes it
    return Alert.objects.create(subscriber=subscriber, query=query, **fields)


def matching_document(title="On peace", **fields):
    return make_document(title=title, body=f"An opening paragraph.\n\n{MATCHING}", **fields)


def header(message, name):
    """Return a header's value as a mail client reads it (a long one is folded onto a line of its own)."""
    return str(message[name]).strip()


def plain_and_html(message):
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_a_new_matching_document_is_mailed_with_its_passage_marked_and_a_link_to_the_paragraph(client, smtp_server):
    alert = make_alert()
    document = matching_document(
        title="Remarks at the Boao Forum", speakers=[make_person("Wang Yi")], venue=make_venue(),
        event="Boao Forum for Asia", date=datetime.date(2024, 3, 1), date_precision=Document.DatePrecision.MONTH)

    summary = send_alerts()

    assert (summary.found, summary.mails, summary.reported) == (1, 1, 1)
    (message,) = smtp_server.to(READER)
    assert header(message, "Subject") == '1 new document for “"peaceful development"”'
    assert re.fullmatch(rf"<{BASE}/alerts/unsubscribe/[^/\s]+/>", header(message, "List-Unsubscribe"))
    assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    assert header(message, "List-Id") == "Alerts of the Diplomatic Speech Archive <alerts.127.0.0.1>"
    assert header(message, "Message-ID").endswith("@127.0.0.1>")
    plain, html = plain_and_html(message)
    for text in (plain, html):
        assert "Remarks at the Boao Forum" in text and "Wang Yi" in text and "Boao Forum for Asia" in text
        assert str(document.partial_date) in text
        assert f"{BASE}/alerts/manage/" in text
        assert header(message, "List-Unsubscribe").strip("<>") in text
    assert MATCHING in plain and "«" not in plain  # as the source writes it: no mark a text could hold
    assert plain.startswith('1 new document for your alert “"peaceful development"” (as it happens).')  # quoted once
    assert re.search(r"\r?\n-- \r?\n", plain)  # a signature separator mail clients know
    assert "<mark>peaceful development</mark>" in html
    link = re.search(rf"{BASE}(/d/\S+)", plain).group(1)
    path, anchor = link.split("#")
    assert path.startswith(document.get_absolute_url()) and "peaceful" in path  # the query, to mark on the page
    response = client.get(path)
    assert response.status_code == 200
    assert f'id="{anchor}"' in response.text and anchor == document.paragraphs[1]["anchor"]

    assert send_alerts().mails == 0  # reported once
    assert len(smtp_server.messages) == 1
    assert alert.deliveries.get().sent_at is not None


def test_a_document_in_arabic_is_mailed_right_to_left(smtp_server):
    make_alert(query="q=%22%D8%A7%D9%84%D8%B3%D9%84%D8%A7%D9%85+%D8%A7%D9%84%D8%B9%D8%A7%D8%AF%D9%84%22",
               description="“السلام العادل”")
    make_document(title="كلمة الوزير", language="ar", body="نحن نؤمن بأن السلام العادل هو الطريق.")
    send_alerts()
    _, html = plain_and_html(smtp_server.to(READER)[0])
    assert re.search(r'<a href="[^"]+" lang="ar" dir="auto">كلمة الوزير</a>', html)
    assert '<blockquote lang="ar" dir="auto"' in html and "<mark>السلام العادل</mark>" in html


def test_a_document_the_search_does_not_match_is_not_reported(smtp_server):
    make_alert()
    make_document(body="Development of peaceful relations, in other words.")
    assert send_alerts().found == 0
    assert smtp_server.messages == []


def test_alerts_by_speaker_match_on_filters_alone(smtp_server):
    speaker = make_person("Xi Jinping")
    make_alert(query=f"speaker={speaker.slug}", description="Speeches by Xi Jinping")
    make_document(title="By him", speakers=[speaker])
    make_document(title="By another", speakers=[make_person("Someone Else")])
    send_alerts()
    (message,) = smtp_server.to(READER)
    plain, _ = plain_and_html(message)
    assert "By him" in plain and "By another" not in plain


def test_drafts_and_correction_copies_are_never_reported(smtp_server):
    make_alert()
    matching_document(title="A draft", status=Document.Status.DRAFT)
    published = matching_document(title="Published")
    send_alerts()
    correction = start_correction(published)
    correction.body += "\n\nMore on peaceful development."
    correction.save()
    send_alerts()
    (message,) = smtp_server.messages
    plain, _ = plain_and_html(message)
    assert "Published" in plain and "A draft" not in plain
    assert AlertDelivery.objects.get().document == published


def unpublish(document):
    document.status = Document.Status.DRAFT
    document.save()


def republish(document):
    document.status = Document.Status.PUBLISHED
    document.save()


def test_a_document_published_unpublished_and_republished_is_reported_once(smtp_server):
    make_alert()
    sent_first = matching_document(title="Sent, then unpublished")
    send_alerts()
    unpublish(sent_first)
    send_alerts()
    republish(sent_first)
    send_alerts()
    assert len(smtp_server.messages) == 1

    # Unpublished before any run saw it: found all the same, and sent only once it is published again.
    waited = matching_document(title="Unpublished before a run")
    unpublish(waited)
    send_alerts()
    assert len(smtp_server.messages) == 1
    republish(waited)
    send_alerts()
    send_alerts()
    assert len(smtp_server.messages) == 2
    assert "Unpublished before a run" in plain_and_html(smtp_server.messages[1])[0]


def test_a_deleted_document_is_never_sent(smtp_server):
    make_alert(frequency=Alert.Frequency.DAILY)
    matching_document().delete()
    send_alerts()
    assert smtp_server.messages == [] and not AlertDelivery.objects.exists()


def test_a_daily_digest_groups_the_documents_of_a_day_in_one_mail_and_waits_a_day(smtp_server):
    alert = make_alert(frequency=Alert.Frequency.DAILY, last_sent_at=timezone.now() - timedelta(days=2))
    matching_document(title="First of the day")
    matching_document(title="Second of the day")
    send_alerts()
    (digest,) = smtp_server.messages
    assert header(digest, "Subject") == '2 new documents for “"peaceful development"”'
    plain, html = plain_and_html(digest)
    assert "First of the day" in plain and "Second of the day" in html

    matching_document(title="Next day's")
    assert send_alerts().mails == 0  # found, but the digest waits a day
    assert len(smtp_server.messages) == 1
    Alert.objects.filter(pk=alert.pk).update(last_sent_at=timezone.now() - timedelta(hours=24, minutes=1))
    send_alerts()
    assert len(smtp_server.messages) == 2
    plain, _ = plain_and_html(smtp_server.messages[1])
    assert "Next day's" in plain and "First of the day" not in plain


def test_a_refused_mail_is_marked_unsent_and_sent_once_by_the_next_run(smtp_server):
    alert = make_alert()
    matching_document()
    smtp_server.refuse = True
    summary = send_alerts()
    assert (summary.found, summary.mails, summary.failed) == (1, 0, 1)
    assert alert.deliveries.get().sent_at is None
    smtp_server.refuse = False
    send_alerts()
    send_alerts()
    assert len(smtp_server.messages) == 1
    assert alert.deliveries.get().sent_at is not None


def test_a_server_that_is_down_loses_nothing(settings, smtp_server):
    make_alert()
    matching_document()
    settings.EMAIL_PORT = 9  # nothing listens there
    assert send_alerts().failed == 1
    assert AlertDelivery.objects.get().sent_at is None


def test_a_suspended_or_unconfirmed_alert_sends_nothing(smtp_server):
    make_alert(state=Alert.State.SUSPENDED)
    make_alert(email="other@example.org", state=Alert.State.UNCONFIRMED, confirmed_at=None)
    matching_document()
    send_alerts()
    assert smtp_server.messages == [] and not AlertDelivery.objects.exists()


def test_documents_published_before_the_alert_was_confirmed_are_not_reported(smtp_server):
    matching_document(title="Old news")
    make_alert(confirmed_at=timezone.now() + timedelta(seconds=1))
    send_alerts()
    assert smtp_server.messages == []


def test_no_header_can_be_injected_through_a_description_or_a_title(smtp_server):
    make_alert(description="peace\r\nBcc: victim@example.org")
    matching_document(title="Title\nX-Injected: yes")
    send_alerts()
    (message,) = smtp_server.messages
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert header(message, "Subject") == "1 new document for peace Bcc: victim@example.org"
    assert smtp_server.recipients == [[READER]]


def test_an_alert_whose_search_can_no_longer_run_is_stopped_and_its_subscriber_told_once(client, smtp_server):
    """An alert saved when the archive took queries of up to 2,000 characters, before it refused those over 1,000."""
    long_query = "q=" + "+OR+".join(["peace"] * 150)
    alert = make_alert(query=long_query, description="“peace OR peace OR …”")
    running = make_alert(email="other@example.org")
    matching_document()

    summary = send_alerts()

    assert summary.stopped == 1 and summary.found == 1  # the other alert runs as before
    alert.refresh_from_db()
    assert alert.state == Alert.State.STOPPED and "reads at most 1000" in alert.stopped_because
    (notice,) = smtp_server.to(READER)
    assert header(notice, "Subject") == "Your alert has stopped: “peace OR peace OR …”"
    plain, html = plain_and_html(notice)
    for text in (plain, html):
        assert alert.stopped_because in text and f"{BASE}/alerts/manage/" in text
        assert f"{BASE}/search/?{long_query}" in text
    assert client.get(f"/search/?{long_query}").status_code == 400  # the link shows why, the query kept to change
    matching_document(title="Later")
    assert send_alerts().stopped == 0 and len(smtp_server.to(READER)) == 1  # told once
    assert all(delivery.sent_at for delivery in running.deliveries.all())
    manage_path = re.search(rf"{BASE}(/alerts/manage/\S+)", plain).group(1)
    page = client.get(manage_path).text
    assert "Stopped: the archive can no longer run its search." in page and alert.stopped_because in page


def test_an_alert_is_stopped_only_once_its_subscriber_could_be_told(smtp_server):
    alert = make_alert(query="date_from=2024-02-31")
    matching_document()
    smtp_server.refuse = True
    assert send_alerts().stopped == 0
    alert.refresh_from_db()
    assert alert.state == Alert.State.ACTIVE
    smtp_server.refuse = False
    assert send_alerts().stopped == 1
    (notice,) = smtp_server.to(READER)
    alert.refresh_from_db()
    assert alert.state == Alert.State.STOPPED and alert.stopped_because in plain_and_html(notice)[0]
    assert "2024-02-31" in alert.stopped_because  # the search page's own reason, naming what was typed


SETUP = """
from datetime import timedelta
from django.utils import timezone
from speeches.models import Alert, Document, Subscriber
for number in range(3):
    subscriber = Subscriber.objects.create(email=f"reader{number}@example.org")
    Alert.objects.create(subscriber=subscriber, query="q=%22peaceful+development%22", description="peace",
                         state="active", confirmed_at=timezone.now() - timedelta(hours=1))
for title in ("First", "Second"):
    Document.objects.create(title=title, body="The path of peaceful development.", status="published")
"""


def manage(arguments, environment, **options):
    return subprocess.run([sys.executable, "manage.py", *arguments], env=environment, check=True,
                          cwd=Path(django_settings.BASE_DIR), capture_output=True, text=True, timeout=120, **options)


def test_a_run_killed_half_way_and_run_again_sends_each_document_once(tmp_path, smtp_server):
    environment = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path), "SEARCH_URL": f"whoosh://{tmp_path}/whoosh",
                   "EMAIL_URL": f"smtp://127.0.0.1:{django_settings.EMAIL_PORT}"}
    environment.pop("DATABASE_URL", None)  # the archive's own SQLite file in tmp_path
    manage(["migrate", "--noinput"], environment)
    manage(["shell", "-c", textwrap.dedent(SETUP)], environment)

    smtp_server.hold_from = 1  # the first mail is accepted; the second waits, unanswered...
    run = subprocess.Popen([sys.executable, "manage.py", "send_alerts"], env=environment,
                           cwd=Path(django_settings.BASE_DIR), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert smtp_server.held.wait(60)
    run.send_signal(signal.SIGKILL)  # ...and the run is killed
    run.wait()
    smtp_server.hold_from = None
    assert len(smtp_server.messages) == 1

    manage(["send_alerts"], environment)
    manage(["send_alerts"], environment)

    for number in range(3):
        (message,) = smtp_server.to(f"reader{number}@example.org")
        plain = message.get_body(("plain",)).get_content()
        assert plain.count("First") == plain.count("Second") == 1


def test_addresses_their_servers_refuse_for_good_stop_their_alerts_and_hold_up_no_one(smtp_server, caplog):
    dead = [f"dead{number}@example.org" for number in range(3)]
    for address in dead:
        make_alert(email=address)
        smtp_server.refused_recipients[address] = f"550 5.1.1 <{address}>: Recipient address rejected"
    make_alert(email="full@example.org")
    smtp_server.refused_recipients["full@example.org"] = "452 4.2.2 <full@example.org>: Mailbox full"
    make_alert(email="relay@example.org")
    smtp_server.refused_recipients["relay@example.org"] = "550 5.7.1 <relay@example.org>: Relaying denied"
    make_alert(email="late@example.org")
    matching_document()

    summary = send_alerts()

    assert (summary.mails, summary.failed, summary.addresses_gone) == (1, 5, 3)
    assert len(smtp_server.to("late@example.org")) == 1
    states = dict(Alert.objects.values_list("subscriber__email", "state"))
    assert {states[address] for address in dead} == {Alert.State.REFUSED}
    assert states["full@example.org"] == states["relay@example.org"] == Alert.State.ACTIVE  # tried again later
    assert "example.org" not in caplog.text and "5.1.1" in caplog.text  # the kind of refusal, never the address
    assert send_alerts().failed == 2  # the stopped addresses are not tried again


def test_words_only_a_draft_held_or_edited_out_before_the_mail_went_are_never_reported(smtp_server):
    make_alert(query="q=quarantined", description="quarantined")
    draft_words = matching_document(title="Neutral statement on trade")
    Document.objects.filter(pk=draft_words.pk).update(status=Document.Status.DRAFT)
    draft_words.refresh_from_db()
    draft_words.body = "Trade grows.\n\nInternal note: the minister is quarantined."
    draft_words.save()
    assert send_alerts().found == 1  # found in the draft's words, which wait for publication...
    draft_words.body, draft_words.status = "Trade grows.", Document.Status.PUBLISHED
    draft_words.save()

    summary = send_alerts()

    assert smtp_server.messages == [] and summary.no_longer_matching == 1  # ...and are not what was published
    assert not AlertDelivery.objects.exists()


def test_a_document_edited_before_its_digest_goes_is_reported_only_if_it_still_matches(smtp_server):
    make_alert(frequency=Alert.Frequency.DAILY, confirmed_at=timezone.now() - timedelta(hours=2))
    kept, edited = matching_document(title="Still says it"), matching_document(title="No longer says it")
    send_alerts(now=timezone.now())  # found; the digest waits for its day
    edited.body = "An opening paragraph.\n\nBoth sides will keep talking."
    edited.save()

    send_alerts(now=timezone.now() + timedelta(days=1))

    (digest,) = smtp_server.messages
    plain, _ = plain_and_html(digest)
    assert kept.title in plain and edited.title not in plain
    assert header(digest, "Subject").startswith("1 new document")


def test_unconfirmed_addresses_are_forgotten_by_the_sending_run_too(smtp_server):
    make_alert(email="typed-by-someone-else@example.org", state=Alert.State.UNCONFIRMED, confirmed_at=None)
    Alert.objects.update(created=timezone.now() - timedelta(days=30))
    Subscriber.objects.update(created=timezone.now() - timedelta(days=30))
    send_alerts()
    assert not Subscriber.objects.exists()


def test_a_server_refusing_every_recipient_for_its_own_policy_ends_the_run_after_a_few(smtp_server):
    for number in range(6):
        address = f"reader{number}@example.org"
        make_alert(email=address)
        smtp_server.refused_recipients[address] = "554 5.7.1 Relay access denied"
    matching_document()
    summary = send_alerts()
    assert summary.failed == 3 and summary.addresses_gone == 0
    assert set(Alert.objects.values_list("state", flat=True)) == {Alert.State.ACTIVE}
