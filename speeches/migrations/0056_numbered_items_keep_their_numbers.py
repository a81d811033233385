"""A numbered list's items keep their numbers as written (``speeches.rendering.NumberedItems``): a
resolution's paragraphs "3.", "7.", "12." were shown 3, 4, 5, and no text held their numbers. Every
document and text whose body has a line opening with a number and a full stop is rendered again as
migration 0054 renders, its anchors kept, and noted for the index where its paragraphs now read otherwise."""
from importlib import import_module

from django.db import migrations

footnote_asterisks = import_module("speeches.migrations.0054_footnote_asterisks_shown")


def number_items_as_written(apps, schema_editor):
    footnote_asterisks.render_again_where_body(apps, body__regex=r"(^|\n)[ \t>*+-]*[0-9]+\. ")


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0055_alert_addresses_refused_and_mailboxes'),
    ]

    operations = [migrations.RunPython(number_items_as_written, migrations.RunPython.noop)]
