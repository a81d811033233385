"""The signed links alert mails carry: confirming an alert, managing an address's alerts, and
unsubscribing from one in one click (RFC 8058). No account and no stored token: each link is the
alert's or the address's id signed with the site's secret, for one purpose; all but the one-click ending expire."""
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from speeches.models import Alert, Subscriber

CONFIRM_LIFETIME = timedelta(days=7)
# The page of an address's alerts shows it and them: its link lasts a year, and a mail asked for from
# any alert's form brings a new one. Ending an alert harms no one, and a mail kept for years must still
# end it in one click: that link never expires.
MANAGE_LIFETIME = timedelta(days=366)
UNSUBSCRIBE_LIFETIME = None


class BadLink(Exception):
    """A link that was altered, is for another purpose, has expired, or names what no longer exists."""


class GoneLink(BadLink):
    """A link signed by this site whose alert or address no longer exists (ended, or deleted with its last alert)."""


def signer(purpose):
    return signing.TimestampSigner(salt=f"speeches.alerts.{purpose}")


def token(purpose, pk):
    return signer(purpose).sign(str(pk))


def read(purpose, value, lifetime, model):
    """Return the row ``value`` signs for ``purpose``; raise ``BadLink`` otherwise."""
    try:
        pk = signer(purpose).unsign(value, max_age=lifetime)
    except signing.SignatureExpired:
        raise BadLink("This link has expired.") from None
    except signing.BadSignature:
        raise BadLink("This link is not valid: it may have been cut short when it was copied.") from None
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise GoneLink("This alert no longer exists.")
    return row


def absolute(path):
    return settings.ARCHIVE_BASE_URL + path


def confirm_url(alert):
    return absolute(reverse("speeches:alert-confirm", args=[token("confirm", alert.pk)]))


def manage_path(subscriber):
    """Return the path of ``subscriber``'s page of alerts: the link pages give, on whatever host they are served."""
    return reverse("speeches:alert-manage", args=[token("manage", subscriber.pk)])


def manage_url(subscriber):
    return absolute(manage_path(subscriber))


def unsubscribe_url(alert):
    return absolute(reverse("speeches:alert-unsubscribe", args=[token("unsubscribe", alert.pk)]))


def alert_to_confirm(value):
    return read("confirm", value, CONFIRM_LIFETIME, Alert)


def subscriber_to_manage(value):
    return read("manage", value, MANAGE_LIFETIME, Subscriber)


def alert_to_unsubscribe(value):
    return read("unsubscribe", value, UNSUBSCRIBE_LIFETIME, Alert)
