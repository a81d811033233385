"""Finding what is new for each alert and sending it: ``manage.py send_alerts``, run from cron or a
timer every few minutes (``make run`` runs it every minute).

A run has two steps, each safe to stop at any point:

1. Finding: the documents published since each active alert was last checked are written to a
   throwaway index of their own (``speeches.search.percolator``) and every alert's search is run
   against it. What each finds is recorded as an ``AlertDelivery`` (one row per alert and document,
   ever: the database refuses a second) and ``checked_at`` advanced, in one transaction: a run
   stopped before it commits leaves nothing, and the next run finds the same documents again.
2. Sending: each alert that is due (at once, or once a day or a week for a digest) gets one mail of
   its unsent deliveries whose document is published now and whose published text its search still
   finds: a word only a draft held, or one edited out before the mail went, is never reported (such
   deliveries are deleted). Right after the mail server accepts the mail, they are marked sent. A
   mail the server refuses, or a server that is down, leaves them unsent for the next run; a
   document unpublished meanwhile waits, unsent, until it is published again, and one deleted takes
   its deliveries with it. An address its mail server says does not exist (``ADDRESS_GONE``) has its
   alerts stopped, so that it never holds up the others; a server that is down or refuses every
   mail ends the run after a few tries.

An alert whose search can no longer run (the archive now refuses a query that long, say) is
stopped by the first run that finds new documents, and its subscriber is told why and where to
change it, once: it is stopped when the server accepts that mail, and until then the next run tries again.

A document is reported once per alert even when it is published, unpublished and published again:
its delivery row already exists. The one window left: a run killed after the server accepted a
mail and before ``sent_at`` is committed sends that mail again on the next run (a few milliseconds
a mail; the server's acceptance and our record cannot be one transaction). One run at a time: a
lock file in the data folder; a run that finds it held does nothing.
"""
import fcntl
import html
import logging
import re
import smtplib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from speeches.characters import one_line
from speeches.models import Alert, AlertDelivery, Document
from speeches.search import DocumentSearchForm, percolator, prepare

from .links import absolute, manage_url, unsubscribe_url
from .subscribing import forget_unconfirmed, send

log = logging.getLogger(__name__)

LOCK_FILE = "send_alerts.lock"
# A save sets published_at a moment before its transaction commits, so a run can miss a document
# published just before it started. Each run looks again this far behind the last one's end; a
# document found twice is recorded once (the delivery row is unique per alert and document).
LOOK_BACK = timedelta(minutes=10)
DIGEST_PERIODS = {Alert.Frequency.DAILY: timedelta(days=1), Alert.Frequency.WEEKLY: timedelta(days=7)}
# Failed sends in a row after which a run stops: the server is down or refusing, and each try can
# wait EMAIL_TIMEOUT seconds. The rest wait for the next run. A refusal of one address (below, or a
# full mailbox) says nothing of the server and is not counted.
MOST_FAILURES_IN_A_ROW = 3
# The enhanced status codes (RFC 3463) by which a server refuses an address for good: no such mailbox
# (5.1.1), no such domain (5.1.2, 5.1.10: null MX), moved (5.1.6), disabled (5.2.1). Others, such as
# 5.7.1 (relaying denied: the archive's own mail settings), stop nothing.
ADDRESS_GONE = re.compile(rb"5\.(?:1\.(?:1|2|6|10)|2\.1)")
ENHANCED_STATUS = re.compile(rb"[245]\.\d{1,3}\.\d{1,3}")
MOST_SUBJECT_CHARACTERS = 150
LIST_NAME = "Alerts of the Diplomatic Speech Archive"


class AnotherRunIsSending(Exception):
    """A run found the lock held: another is finding or sending, and this one did nothing."""


@dataclass
class RunSummary:
    alerts: int = 0  # active alerts checked
    new_documents: int = 0  # documents published since the alerts were last checked
    found: int = 0  # deliveries recorded (alert and document)
    mails: int = 0  # mails the server accepted
    reported: int = 0  # documents those mails reported
    failed: int = 0  # mails the server refused or could not take: their documents wait for the next run
    stopped: int = 0  # alerts whose search can no longer run, stopped and their subscribers told
    addresses_gone: int = 0  # addresses their mail servers refused for good, their alerts stopped
    no_longer_matching: int = 0  # deliveries whose document's published text the search no longer finds

    def __str__(self):
        return (f"{self.alerts} active alerts, {self.new_documents} new documents: {self.found} found, "
                f"{self.mails} mails sent reporting {self.reported} documents, {self.failed} failed, "
                f"{self.stopped} alerts stopped, {self.addresses_gone} addresses refused for good, "
                f"{self.no_longer_matching} no longer matching")


def send_alerts(now=None):
    """Find what is new for each active alert and send what is due; return a ``RunSummary``.
    Raise ``AnotherRunIsSending`` when another run holds the lock."""
    with one_run_at_a_time():
        now = now or timezone.now()
        forget_unconfirmed(now)
        summary = RunSummary()
        cannot_run = find_new_documents(now, summary)
        summary.stopped = stop(cannot_run)
        send_due(now, summary)
        return summary


@contextmanager
def one_run_at_a_time():
    """Hold the lock file in the data folder for the block. (A lock the kernel drops with the
    process: a run killed half way never leaves it held.)"""
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.DATA_DIR / LOCK_FILE, "a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AnotherRunIsSending("Another run is sending alerts; this one did nothing.") from None
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def new_since(alert):
    """Return the time after which a published document is new to ``alert``: never before it was
    confirmed, and a little before it was last checked (``LOOK_BACK``)."""
    confirmed = alert.confirmed_at or alert.created
    return max(alert.checked_at - LOOK_BACK, confirmed) if alert.checked_at else confirmed


def alert_criteria(alert):
    """Return the ``SearchCriteria`` of the alert's query string, read by the search form as the
    search page reads it; None if it is no longer a valid search, or an empty one."""
    form = DocumentSearchForm(QueryDict(alert.query))
    if not form.is_valid() or form.criteria().is_empty():
        return None
    return form.criteria()


def why_it_cannot_run(alert):
    """Return why the alert's search can no longer run, in the search page's words; "" if it can."""
    form = DocumentSearchForm(QueryDict(alert.query))
    if not form.is_valid():
        return " ".join(message for messages in form.errors.values() for message in messages)
    return "It asks for nothing: no words and no filter." if form.criteria().is_empty() else ""


def stop(cannot_run):
    """Stop each of the alerts ``cannot_run`` once its subscriber has been told why; return how many
    were stopped. One whose mail the server did not take stays active until it is."""
    stopped = failures_in_a_row = 0
    for alert in cannot_run:
        reason = why_it_cannot_run(alert)
        subject = one_line(f"Your alert has stopped: {alert.description}", MOST_SUBJECT_CHARACTERS)
        if not send(alert.subscriber, subject, "stopped", {"alert": alert, "reason": reason, **alert_links(alert)}):
            failures_in_a_row += 1
            if failures_in_a_row >= MOST_FAILURES_IN_A_ROW:
                break
            continue
        failures_in_a_row = 0
        # unless an administrator suspended it, or its reader ended it, meanwhile
        stopped += Alert.objects.filter(pk=alert.pk, state=Alert.State.ACTIVE).update(
            state=Alert.State.STOPPED, stopped_because=reason[:500])
    return stopped


def alert_links(alert):
    """Return the absolute links an alert's mails give: its search, the page of the address's alerts,
    and the one-click end of this alert."""
    return {"search_url": absolute(f"{reverse('speeches:search')}?{alert.query}"),
            "manage_url": manage_url(alert.subscriber), "unsubscribe_url": unsubscribe_url(alert)}


def find_new_documents(now, summary):
    """Record a delivery for each active alert and each document published since it was checked
    that its search matches, and advance ``checked_at`` to ``now``, in one transaction; return the
    alerts whose search can no longer run.

    Documents are looked at whatever their status now: one published and unpublished before this
    run is recorded all the same, and sent only once it is published again. Never-published drafts
    (``published_at`` unset) and correction copies are not looked at.
    """
    alerts = list(Alert.objects.filter(state=Alert.State.ACTIVE).select_related("subscriber"))
    summary.alerts = len(alerts)
    if not alerts:
        return []
    since = {alert.pk: new_since(alert) for alert in alerts}
    candidates = Document.objects.filter(published_at__gt=min(since.values()), published_at__lte=now,
                                         corrects__isnull=True)
    published_at = dict(candidates.values_list("pk", "published_at"))
    summary.new_documents = len(published_at)
    found, cannot_run, matches_by_query = [], [], {}  # many readers follow the same search: each is run once
    if published_at:
        with percolator(candidates.filter(pk__in=published_at)) as new_documents:
            for alert in alerts:
                if alert.query not in matches_by_query:
                    criteria = alert_criteria(alert)
                    matches_by_query[alert.query] = new_documents.matches(criteria) if criteria else None
                if matches_by_query[alert.query] is None:
                    cannot_run.append(alert)
                    continue
                found += [AlertDelivery(alert=alert, document_id=pk) for pk in matches_by_query[alert.query]
                          if published_at[pk] > since[alert.pk]]
    with transaction.atomic():
        before = AlertDelivery.objects.count()
        AlertDelivery.objects.bulk_create(found, batch_size=500, ignore_conflicts=True)
        summary.found = AlertDelivery.objects.count() - before
        Alert.objects.filter(pk__in=since).update(checked_at=now)
    return cannot_run


def is_due(alert, now):
    """Return whether ``alert`` may be sent now: at once, or a digest's period after the last one
    (after confirming, for the first)."""
    period = DIGEST_PERIODS.get(alert.frequency)
    return period is None or now - (alert.last_sent_at or alert.confirmed_at or alert.created) >= period


def send_due(now, summary):
    """Send each due alert one mail of its unsent deliveries whose document is published and still
    matches; mark them sent as soon as the server accepts it."""
    waiting = AlertDelivery.objects.filter(sent_at__isnull=True, document__status=Document.Status.PUBLISHED)
    alerts = [alert for alert in Alert.objects.filter(state=Alert.State.ACTIVE, pk__in=waiting.values("alert"))
              .select_related("subscriber").order_by("pk") if is_due(alert, now)]
    deliveries = {alert.pk: list(waiting.filter(alert=alert).order_by("document__published_at", "pk"))
                  for alert in alerts}
    deliveries = still_matching(alerts, deliveries, summary)
    failures_in_a_row, addresses_gone = 0, set()
    connection = get_connection()  # one connection for the run, opened again after a failure
    try:
        for alert in alerts:
            if not deliveries.get(alert.pk) or alert.subscriber_id in addresses_gone:
                continue  # nothing left to report, or stopped with its address earlier in this run
            documents = Document.objects.published().with_other_texts().in_bulk(
                [delivery.document_id for delivery in deliveries[alert.pk]])
            message = alert_message(alert, [documents[delivery.document_id] for delivery in deliveries[alert.pk]])
            try:
                connection.open()
                connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused as refusal:  # the server is up and refuses this address
                summary.failed += 1
                if refused_for_good(alert, refusal):
                    addresses_gone.add(alert.subscriber_id)
                    summary.addresses_gone += 1
                elif refused_by_policy(refusal):  # relaying denied: the archive's own settings, for every mail
                    failures_in_a_row += 1
                    if failures_in_a_row >= MOST_FAILURES_IN_A_ROW:
                        break
                continue
            except Exception as error:  # refused (4xx, 5xx), down, timed out: the deliveries wait, unsent
                log.warning("The mail of alert %s was not sent (%s); it is tried again on the next run",
                            alert.pk, type(error).__name__)  # not the error's text: it may name the address
                summary.failed += 1
                failures_in_a_row += 1
                close_quietly(connection)
                if failures_in_a_row >= MOST_FAILURES_IN_A_ROW:
                    break
                continue
            failures_in_a_row = 0
            mark_sent(alert, deliveries[alert.pk], now)
            summary.mails += 1
            summary.reported += len(deliveries[alert.pk])
    finally:
        close_quietly(connection)


def still_matching(alerts, deliveries, summary):
    """Return {alert pk: its ``deliveries`` whose document's published text its search finds now}, and
    delete the others: found in words a draft held, or edited out since. An alert whose search can no
    longer run keeps its deliveries, unsent, until it is stopped."""
    document_ids = {delivery.document_id for waiting in deliveries.values() for delivery in waiting}
    if not document_ids:
        return {}
    kept, matches_by_query = {}, {}
    with percolator(Document.objects.published().filter(pk__in=document_ids)) as published_now:
        for alert in alerts:
            if alert.query not in matches_by_query:
                criteria = alert_criteria(alert)
                matches_by_query[alert.query] = set(published_now.matches(criteria)) if criteria else None
            matches = matches_by_query[alert.query]
            if matches is None:
                continue
            kept[alert.pk] = [delivery for delivery in deliveries[alert.pk] if delivery.document_id in matches]
            stale = [delivery.pk for delivery in deliveries[alert.pk] if delivery.document_id not in matches]
            summary.no_longer_matching += AlertDelivery.objects.filter(pk__in=stale).delete()[0]
    return kept


def refused_for_good(alert, refusal):
    """Stop every alert of ``alert``'s address and return True if its server refused it for good
    (``ADDRESS_GONE``); else (a full mailbox, a refusal for a while) its deliveries wait for the next
    run. Logged without the address or the server's words, which name it."""
    codes = [(code, enhanced_status(detail)) for code, detail in refusal.recipients.values()]
    gone = bool(codes) and all(code >= 500 and ADDRESS_GONE.fullmatch(enhanced) for code, enhanced in codes)
    log.warning("The mail of alert %s was refused for its address (%s)%s", alert.pk,
                ", ".join(f"{code} {enhanced.decode(errors='replace')}".strip() for code, enhanced in codes),
                "; its address's alerts are stopped" if gone else "; it is tried again on the next run")
    if gone:
        Alert.objects.filter(subscriber=alert.subscriber_id, state=Alert.State.ACTIVE).update(
            state=Alert.State.REFUSED)
    return gone


def refused_by_policy(refusal):
    """Whether the server refused every recipient for its own policy (relaying denied, the sender not
    allowed: RFC 3463's 5.7.x and 4.7.x, or no enhanced code), which holds for every mail of the run; a
    mailbox's own state (full: 4.2.2) does not."""
    return all(not enhanced.startswith((b"4.2.", b"5.2.")) for enhanced in
               (enhanced_status(detail) for _, detail in refusal.recipients.values()))


def enhanced_status(detail):
    """Return the enhanced status code (RFC 3463) opening a server's reply, b"" if it has none."""
    first = detail.split(maxsplit=1)[0] if detail else b""
    return first if ENHANCED_STATUS.fullmatch(first) else b""


def close_quietly(connection):
    try:
        connection.close()
    except Exception:  # a connection that failed may fail to close too; it is dropped all the same
        log.debug("Closing the mail connection failed", exc_info=True)


def mark_sent(alert, deliveries, now):
    with transaction.atomic():
        AlertDelivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries]).update(sent_at=timezone.now())
        Alert.objects.filter(pk=alert.pk).update(last_sent_at=now)


@dataclass(frozen=True)
class Entry:
    """One document in an alert's mail."""

    title: str
    language: str  # the document's: its title's
    url: str  # the paragraph that matched (the page, for a search by filters alone), the query marked
    speakers: str
    date: str
    where: str
    passage_html: str  # the matching passage, the query's words and phrases in <mark>
    passage_language: str  # the language of the text it is from
    # ...as the source writes it, unmarked: any mark plain text could make («», *) is also a text's
    # punctuation, so a researcher quoting it would quote what the source never said.
    passage_text: str


def alert_entry(document, prepared, query):
    snippets = prepared.snippets(document) if prepared else []
    snippet = snippets[0] if snippets else None
    url = document.paragraph_url(snippet.anchor if snippet else "", snippet.language if snippet else "", query)
    passage = str(snippet.html) if snippet else ""
    return Entry(
        title=one_line(document.title),
        language=document.language,
        url=absolute(url),
        speakers=", ".join(document.speaker_names),
        date=str(document.partial_date or ""),
        where=", ".join(part for part in (str(document.venue or ""), document.event) if part),
        passage_html=passage,
        passage_language=snippet.language if snippet and snippet.language else document.language,
        passage_text=html.unescape(strip_tags(passage)),
    )


def alert_message(alert, documents):
    """Return the ``EmailMultiAlternatives`` (plain text and HTML) reporting ``documents`` to ``alert``'s address."""
    criteria = alert_criteria(alert)
    prepared = prepare(criteria) if criteria else None
    entries = [alert_entry(document, prepared, criteria.q if criteria else "") for document in documents]
    count = f"{len(entries)} new document{'' if len(entries) == 1 else 's'}"
    description = one_line(alert.description)
    context = {
        "alert": alert, "description": description, "entries": entries, "count": count,
        "frequency": alert.get_frequency_display(), **alert_links(alert),
    }
    host = urlsplit(settings.ARCHIVE_BASE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=one_line(f"{count} for {description}", MOST_SUBJECT_CHARACTERS),  # the description quotes its phrase
        body=render_to_string("speeches/alert_email.txt", context),
        to=[alert.subscriber.email],
        headers={
            "Message-ID": make_msgid("alert", domain=host),
            "List-Id": f"{LIST_NAME} <alerts.{host}>",
            # One click, no page to visit (RFC 8058): mail clients POST List-Unsubscribe=One-Click to it.
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",  # RFC 3834: no vacation replies
        },
    )
    message.attach_alternative(render_to_string("speeches/alert_email.html", context), "text/html")
    return message
