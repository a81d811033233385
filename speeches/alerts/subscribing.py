"""Following a search by email, as a reader does it: subscribing (double opt-in), confirming,
changing how often, ending one alert or all of an address's.

An alert stores its search as a canonical query string (``canonical_query``), so the same search
asked from the search page, a speaker's page or a link is one alert, and a description in words
(``describe``) for its mails and the manage page. Nothing is mailed to an address but what it asked
for: a confirmation, or (if it already follows the search) a link to its alerts; never more than
``ALERT_CONFIRMATIONS_PER_DAY`` a day, and the answer to the reader is the same whatever happened,
so the form never tells whether an address subscribes.
"""
import datetime
import logging
import smtplib
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import punycode

from speeches.characters import DIRECTION_CONTROL
from speeches.languages import language_name
from speeches.models import Alert, Subscriber, TextRole
from speeches.search import facet_labels

from . import links

logger = logging.getLogger(__name__)

# The search form's parameters an alert keeps, by the ``SearchCriteria`` field that holds each. The
# sort and the page are left out: they change the order of results, not which documents are new.
QUERY_PARAMETERS = {"q": "q", "speaker": "speaker", "region": "region", "country": "country", "venue": "venue", "event": "event",
                    "kind": "kind", "lang": "lang", "role": "role", "date_from": "date_from", "date_to": "date_to",
                    "year": "year", "case_sensitive": "case"}
MOST_DESCRIBED_QUERY_CHARACTERS = 200
MOST_DESCRIPTION_CHARACTERS = Alert._meta.get_field("description").max_length
MOST_QUERY_CHARACTERS = Alert._meta.get_field("query").max_length


class Unfollowable(Exception):
    """A search an alert cannot follow; the message says why, to the reader."""


def canonical_query(criteria):
    """Return the query string of ``criteria`` as an alert stores it: the search form's parameters
    only, empty ones dropped, in order of name, the query's runs of whitespace made one space."""
    values = {}
    for field, parameter in QUERY_PARAMETERS.items():
        value = getattr(criteria, field)
        if isinstance(value, bool):
            value = "on" if value else ""
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif value is not None:
            value = " ".join(str(value).split())
        if value:
            values[parameter] = value
    return urlencode(sorted(values.items()))


def check_followable(criteria):
    """Raise ``Unfollowable`` for a search that asks for nothing (every document would be news)
    or is too long to keep."""
    if criteria.is_empty():
        raise Unfollowable("An alert follows a search: type words to search for, or choose a speaker, a region "
                           "or another filter, then ask for an alert.")
    if len(canonical_query(criteria)) > MOST_QUERY_CHARACTERS:
        raise Unfollowable(f"This search is too long to follow: an alert keeps at most {MOST_QUERY_CHARACTERS} "
                           "characters of a search.")


def describe(criteria):
    """Return what ``criteria`` asks for, in words, on one line: “"peaceful development"”, with
    speaker Xi Jinping, in 2024."""
    q = " ".join(criteria.q.split())
    if len(q) > MOST_DESCRIBED_QUERY_CHARACTERS:
        q = q[:MOST_DESCRIBED_QUERY_CHARACTERS - 1] + "…"
    head = f"“{q}”" if q else "Every document"
    having = [f"{name} {label(name, value)}" for name, value in (
        ("speaker", criteria.speaker), ("region", criteria.region), ("venue", criteria.venue),
        ("event", criteria.event), ("kind", criteria.kind)) if value]
    if criteria.country:
        having.append(f"a mention of {label('country', criteria.country)}")
    if criteria.lang:
        having.append(f"a text in {label('lang', criteria.lang)}")
    if criteria.role:
        role = TextRole(criteria.role).label.lower() if criteria.role in TextRole.values else criteria.role
        having.append(f"a text that is {role}")
    parts = [head, f"with {', '.join(having)}"] if having else [head]
    if criteria.year:
        parts.append(f"in {criteria.year}")
    if criteria.date_from and criteria.date_to:
        parts.append(f"{day(criteria.date_from)} – {day(criteria.date_to)}")
    elif criteria.date_from:
        parts.append(f"from {day(criteria.date_from)}")
    elif criteria.date_to:
        parts.append(f"until {day(criteria.date_to)}")
    if criteria.case_sensitive:
        parts.append("matching case and accents exactly")
    # One line, whatever the query and labels hold (it goes in a mail's subject), and no direction control:
    # an override or isolate from a query or an unknown filter's value reversed the rest of the line.
    description = " ".join(DIRECTION_CONTROL.sub("", ", ".join(parts)).split())
    return description if len(description) <= MOST_DESCRIPTION_CHARACTERS else \
        description[:MOST_DESCRIPTION_CHARACTERS - 1] + "…"


def label(name, value):
    """Return the name of a filter's value (a speaker's name for their slug, a language's for its tag,
    "Chinese (Simplified)" for zh-hans), or the value itself."""
    if name == "lang":
        return language_name(value)
    return facet_labels(name, [value]).get(value, value)


def day(date):
    return f"{date.day} {date:%B %Y}"


def address_as_mailed(email):
    """Return ``email`` as mail is sent to it (Django writes the domain in IDNA), case-folded: one
    mailbox is one subscriber, with one allowance of mails, however its address is written. Raise
    UnicodeError for a domain IDNA cannot write."""
    local, _, domain = email.rpartition("@")
    return f"{local}@{punycode(domain)}".lower()


def subscribe(email, criteria, frequency, now=None):
    """Ask ``email`` to confirm an alert on ``criteria``; return the mail sent ("confirm", "manage") or None.

    A new or still unconfirmed alert gets a confirmation mail; one the address already confirmed, a
    mail with the link to its alerts (its frequency is not changed by whoever filled in the form); a
    suspended one, nothing. A stopped one (its search could not run for a while, or its address's
    server refused mail) is begun anew. Beyond the address's mails for the day, nothing is sent or created.
    The caller answers the same in every case.
    """
    now = now or timezone.now()
    query, description = canonical_query(criteria), describe(criteria)
    forget_unconfirmed(now)
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(email=email)
        alert = subscriber.alerts.filter(query=query).first()
        if alert is not None and alert.state == Alert.State.SUSPENDED:
            return None
        if not spend_mail_allowance(subscriber, timezone.localdate(now)):
            return None
        if alert is not None and alert.state in (Alert.State.STOPPED, Alert.State.REFUSED):
            alert.delete()
            alert = None
        if alert is None:
            alert = Alert.objects.create(subscriber=subscriber, query=query, description=description,
                                         frequency=frequency)
        elif alert.state == Alert.State.UNCONFIRMED:
            alert.frequency, alert.description = frequency, description
            alert.save(update_fields=["frequency", "description"])
    if alert.state == Alert.State.UNCONFIRMED:
        send(subscriber, "Confirm your alert", "confirm",
             {"alert": alert, "confirm_url": links.confirm_url(alert), "lifetime_days": links.CONFIRM_LIFETIME.days})
        return "confirm"
    send(subscriber, "Your alerts", "manage", {"alert": alert, "manage_url": links.manage_url(subscriber)})
    return "manage"


def spend_mail_allowance(subscriber, today):
    """Count one mail to ``subscriber`` (locked) today; return False if its mailbox's mails for the day
    are spent, to whichever of its addresses they went."""
    if subscriber.confirmations_day != today:
        subscriber.confirmations_day, subscriber.confirmations_that_day = today, 0
    other_addresses = Subscriber.objects.filter(mailbox=subscriber.mailbox, confirmations_day=today).exclude(
        pk=subscriber.pk).aggregate(sent=Sum("confirmations_that_day"))["sent"] or 0
    if subscriber.confirmations_that_day + other_addresses >= settings.ALERT_CONFIRMATIONS_PER_DAY:
        return False
    subscriber.confirmations_that_day += 1
    subscriber.save(update_fields=["confirmations_day", "confirmations_that_day"])
    return True


def forget_unconfirmed(now):
    """Delete the alerts no one confirmed in time, and the addresses left with none: an address
    typed into the form by someone else is not kept."""
    expired = now - links.CONFIRM_LIFETIME
    Alert.objects.filter(state=Alert.State.UNCONFIRMED, created__lt=expired).delete()
    Subscriber.objects.filter(alerts__isnull=True, created__lt=expired).delete()


def send(subscriber, subject, template, context):
    """Send ``subscriber`` the mail of ``template`` (plain text and HTML); return whether the server took it.

    A failure is logged without the address, which is personal data; the reader is told the same
    either way, and may ask again.
    """
    context = {**context, "subscriber": subscriber, "site_url": settings.ARCHIVE_BASE_URL}
    message = EmailMultiAlternatives(
        subject, render_to_string(f"speeches/alerts/email/{template}.txt", context), to=[subscriber.email],
        # RFC 3834: sent by a program, so auto-responders do not answer it.
        headers={"Auto-Submitted": "auto-generated"})
    message.attach_alternative(render_to_string(f"speeches/alerts/email/{template}.html", context), "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError, ValueError) as error:
        logger.warning("An alert's %s mail was not sent: %s", template, type(error).__name__)
        return False
    return True


def confirm(alert, now=None):
    """Start ``alert`` if it waits for confirmation: documents published from now on are new to it.
    Return whether it was started now (False if it was already, or is suspended)."""
    now = now or timezone.now()
    return bool(Alert.objects.filter(pk=alert.pk, state=Alert.State.UNCONFIRMED).update(
        state=Alert.State.ACTIVE, confirmed_at=now, checked_at=now))


def change_frequency(alert, frequency):
    Alert.objects.filter(pk=alert.pk).update(frequency=Alert.Frequency(frequency))


def end(alert):
    """End ``alert``; with an address's last alert, delete the address. Return whether the address is gone."""
    with transaction.atomic():
        Alert.objects.filter(pk=alert.pk).delete()
        return bool(Subscriber.objects.filter(pk=alert.subscriber_id, alerts__isnull=True).delete()[0])


def end_all(subscriber):
    """End every alert of ``subscriber`` and delete the address."""
    subscriber.delete()
