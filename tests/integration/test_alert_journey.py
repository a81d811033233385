"""An alert from end to end, as a reader meets it: asked for on a search, confirmed from its mail,
mailed the day a matching document is published, ended by the mail's one-click unsubscribe."""
import io
import re

from django.core.management import call_command
from django.test import Client

from speeches.models import Alert, Subscriber

from tests.factories import make_document, make_person
from .test_alert_subscribing import ask_for_alert, links_in, parts_of, path_of, submit

READER = "journalist@example.org"


def send_alerts():
    call_command("send_alerts", stdout=io.StringIO())


def test_a_reader_follows_a_phrase_hears_of_it_once_and_leaves_in_one_click(db, smtp_server):
    client = Client(enforce_csrf_checks=True)
    ask_for_alert(client, email=READER, frequency="immediate", search={"q": '"lanterns of the harbour"'})
    (confirmation,) = smtp_server.to(READER)
    (confirm_url,) = set(links_in(parts_of(confirmation)["text/plain"], "alerts/confirm"))
    submit(client, client.get(path_of(confirm_url)), path_of(confirm_url), {})
    assert Alert.objects.get().state == Alert.State.ACTIVE

    make_document("Remarks at the port", body="Opening words.\n\nWe lit the lanterns of the harbour together.",
                  speakers=[make_person("Ana Lima")])
    make_document("A draft", body="The lanterns of the harbour, again.", status="draft")
    make_document("Unrelated", body="Nothing of the kind.")
    send_alerts()
    send_alerts()  # a second run finds nothing new
    confirmation, alert_mail = smtp_server.to(READER)
    # (Python's email package folds an encoded subject after "Subject:", which a reader's client unfolds.)
    assert alert_mail["Subject"].strip() == '1 new document for “"lanterns of the harbour"”'
    assert "Remarks at the port" in parts_of(alert_mail)["text/plain"]
    plain, rich = parts_of(alert_mail)["text/plain"], parts_of(alert_mail)["text/html"]
    assert "A draft" not in plain and "Unrelated" not in plain
    assert "<mark>lanterns of the harbour</mark>" in rich.replace("</mark> <mark>", " ")
    (paragraph_url,) = {url for url in re.findall(r"https?://\S+#p-2", plain)}
    page = Client().get(path_of(paragraph_url))
    assert page.status_code == 200 and 'id="p-2"' in page.content.decode()

    unsubscribe_url = alert_mail["List-Unsubscribe"].strip().strip("<>")
    assert alert_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # What a mail client sends for RFC 8058: a POST with this body, no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(path_of(unsubscribe_url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Alert.objects.exists() and not Subscriber.objects.exists()

    make_document("Later remarks", body="The lanterns of the harbour once more.")
    send_alerts()
    assert len(smtp_server.to(READER)) == 2
