"""Move the document's long texts to the end of its table row, paragraphs first.

SQLite stores a row's columns in order, spilling long values onto a chain of overflow pages, and
reads a column by walking the chain past every column before it. With the body, its HTML and the
source text in the middle of the row, reading a document's status, date or paragraphs read all of
them too: the concordance of a frequent word (about 1,000 documents) spent 1-3 s on it. A column
dropped and added again goes to the end; its values are copied across. PostgreSQL keeps long values
out of the row, so there this only costs the copy.
"""
from django.db import migrations, models

# Each moved in turn, so they end in this order.
LONG_TEXTS = [
    ("paragraphs", models.JSONField(default=list, editable=False)),
    ("body", models.TextField(default="", help_text="Markdown. Paragraphs are separated by a blank line.")),
    ("body_html", models.TextField(default="", editable=False)),
    ("source_text", models.TextField(
        blank=True, default="", help_text="The text exactly as it was received (pasted or imported), kept for fidelity.")),
]


def moved_to_the_end(name, field):
    final = field.clone()
    if name in ("body", "source_text"):
        final.default = models.NOT_PROVIDED
    return [
        migrations.AddField("document", f"{name}_moving", field),
        migrations.RunSQL(f'UPDATE speeches_document SET "{name}_moving" = "{name}"', migrations.RunSQL.noop),
        migrations.RemoveField("document", name),
        migrations.RenameField("document", f"{name}_moving", name),
        migrations.AlterField("document", name, final),
    ]


class Migration(migrations.Migration):

    dependencies = [
        ("speeches", "0012_recurring_passages"),
    ]

    operations = [operation for name, field in LONG_TEXTS for operation in moved_to_the_end(name, field)]
