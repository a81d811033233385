"""A table's paragraph text is a row a line, its cells apart as the Markdown writes them ("Année | Accords",
``speeches.rendering.ParagraphAnchors.shown_text``): it was each cell on a line of its own with blank lines
between rows, which the plain-text download, the CSV export and the dumps read as paragraphs of their own.
Every document and text whose stored paragraphs hold a blank line is rendered again as migration 0039 does
(anchors kept, noted for the index, recurring passages and keywords); only tables read otherwise."""
from importlib import import_module

from django.db import migrations

read_as_shown = import_module("speeches.migrations.0039_paragraphs_read_as_shown")


def holds_a_blank_line(paragraphs):
    return any("\n\n" in paragraph["text"] for paragraph in paragraphs)


def render_tables_again(apps, schema_editor):
    read_as_shown.render_again_where(apps, holds_a_blank_line)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0040_passages_in_every_text'),
    ]

    operations = [migrations.RunPython(render_tables_again, migrations.RunPython.noop)]
