"""Addresses are now kept as mail is sent to them (the domain in IDNA) and case-folded
(``speeches.alerts.subscribing.address_as_mailed``, then named mailbox_address): subscribers written another way before become that
address, and two spellings of one mailbox become one subscriber, with the alerts of both."""
from collections import defaultdict

from django.db import migrations
from django.utils.encoding import punycode

# Which of two alerts on one search to keep: an administrator's suspension, then a confirmed alert.
STATE_ORDER = {"suspended": 0, "active": 1, "unconfirmed": 2}


def mailbox_address(email):
    """As ``mailbox_address`` was written when this migration was."""
    local, _, domain = email.rpartition("@")
    try:
        domain = punycode(domain)
    except UnicodeError:
        pass
    return f"{local}@{domain}".lower()


def merge_spellings(apps, schema_editor):
    Subscriber, Alert = apps.get_model("speeches", "Subscriber"), apps.get_model("speeches", "Alert")
    spellings = defaultdict(list)
    for subscriber in Subscriber.objects.order_by("pk"):
        spellings[mailbox_address(subscriber.email)].append(subscriber)
    for address, (kept, *others) in spellings.items():
        for other in others:
            for alert in Alert.objects.filter(subscriber=other):
                twin = Alert.objects.filter(subscriber=kept, query=alert.query).first()
                if twin is not None and STATE_ORDER[twin.state] <= STATE_ORDER[alert.state]:
                    alert.delete()
                    continue
                if twin is not None:
                    twin.delete()
                alert.subscriber = kept
                alert.save(update_fields=["subscriber"])
            if other.confirmations_day == kept.confirmations_day:
                kept.confirmations_that_day += other.confirmations_that_day
            other.delete()
        kept.email = address
        kept.save(update_fields=["email", "confirmations_that_day"])


class Migration(migrations.Migration):

    dependencies = [
        ("speeches", "0027_import_lookups"),
    ]

    operations = [migrations.RunPython(merge_spellings, migrations.RunPython.noop)]
