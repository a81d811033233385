"""Asterisks are read by CommonMark's rules (``speeches.rendering.FlankingAsterisks``): a footnote's
asterisks after a word and before punctuation ("Exports grew*, imports fell*.") were read as emphasis,
and shown nowhere. Every document and text whose body holds an asterisk is rendered again as migration
0039 renders, its anchors kept, and noted for the index where its paragraphs now read otherwise."""
from importlib import import_module

from django.db import migrations

read_as_shown = import_module("speeches.migrations.0039_paragraphs_read_as_shown")


def show_footnote_asterisks(apps, schema_editor):
    render_again_where_body(apps, body__contains="*")


def render_again_where_body(apps, **body_filter):
    """Render again every document and text whose body ``body_filter`` selects, and note for the index
    those whose paragraphs now read otherwise."""
    changed = set()
    for model in (apps.get_model("speeches", "Document"), apps.get_model("speeches", "DocumentText")):
        is_text = model.__name__ == "DocumentText"
        rows = model.objects.filter(**body_filter).only(
            "pk", "body", "paragraphs", "last_paragraph_number", *(["document_id"] if is_text else []))
        for row in rows.order_by("pk").iterator(chunk_size=200):
            if (rendered := read_as_shown.rendered_again(row)) is not None:
                read_as_shown.store(model, row, rendered)
                changed.add(row.document_id if is_text else row.pk)
    read_as_shown.note_for_the_index(apps, sorted(changed))


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0053_retired_documents_keep_their_external_id'),
    ]

    operations = [migrations.RunPython(show_footnote_asterisks, migrations.RunPython.noop)]
