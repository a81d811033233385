"""Alerts: a reader follows a search (a phrase, a speaker, any filters) and hears by email of each
new document it finds. No account: an address confirms by a signed link, and manages its alerts
by another. Sent by ``manage.py send_alerts``; each document is reported once per alert, ever."""
from django.db import models

from .documents import Document


# Addresses written otherwise that deliver to one mailbox: a subaddress after "+" (name+news@), and
# for Gmail dots anywhere in the name (n.a.m.e@gmail.com). One mailbox has one allowance of mails.
GMAIL_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def one_mailbox(address):
    """Return the mailbox ``address`` delivers to, as far as a sender can tell: "name+news@gmail.com" and
    "n.ame@googlemail.com" are "name@gmail.com". (``address`` as ``subscribing.address_as_mailed`` writes it:
    its domain in IDNA, in lower case.)"""
    local, _, domain = address.rpartition("@")
    local = local.split("+", 1)[0] or local
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), GMAIL_DOMAINS[domain]
    return f"{local}@{domain}"


class Subscriber(models.Model):
    """An email address that follows searches; deleted with its last alert. Seen by superusers only."""

    email = models.EmailField(unique=True)
    mailbox = models.CharField(max_length=254, db_index=True, editable=False, default="",
                               help_text="The mailbox the address delivers to, its subaddress aside: its "
                                         "mails a day are counted with every address of it.")
    created = models.DateTimeField(auto_now_add=True)
    confirmations_day = models.DateField(null=True, blank=True, help_text="The day confirmations were last sent.")
    confirmations_that_day = models.PositiveSmallIntegerField(
        default=0, help_text="Confirmation mails sent that day: bounded, so no one can flood a stranger's inbox.")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.mailbox = one_mailbox(self.email)
        super().save(*args, **kwargs)


class Alert(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As it happens"
        DAILY = "daily", "Daily digest"
        WEEKLY = "weekly", "Weekly digest"

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Waiting for the address to confirm"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended by an administrator"
        STOPPED = "stopped", "Stopped: its search can no longer run"
        REFUSED = "refused", "Stopped: its address's mail server refused it for good"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="alerts")
    query = models.CharField(max_length=2000, help_text="The search followed, as /search/ takes it: q and its filters.")
    description = models.CharField(max_length=500, help_text="What the alert follows, in words, for its emails.")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    state = models.CharField(max_length=12, choices=State.choices, default=State.UNCONFIRMED)
    created = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True,
                                        help_text="Documents published after this are new to the alert.")
    checked_at = models.DateTimeField(null=True, blank=True, help_text="Documents published until then were looked at.")
    last_sent_at = models.DateTimeField(null=True, blank=True)
    stopped_because = models.CharField(
        max_length=500, blank=True, help_text="Why its search can no longer run, as its subscriber was told.")

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["subscriber", "query"], name="one_alert_per_search_and_address")]

    def __str__(self):
        return self.description


class AlertDelivery(models.Model):
    """A document an alert found: reported once (``sent_at``), whatever happens to the document or the run."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="alert_deliveries")
    found_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["found_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["alert", "document"], name="one_report_per_alert_and_document")]
        indexes = [models.Index(fields=["alert", "sent_at"])]

    def __str__(self):
        return f"{self.alert} → {self.document_id}"
