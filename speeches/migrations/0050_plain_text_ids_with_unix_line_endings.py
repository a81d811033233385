"""A plain-text import's id (``text-sha1:``) is now the hash of its text with Unix line endings, so the same
file saved with Windows (CRLF) line endings is the same document (``speeches.importers.formats``). A document
imported before from a file with CRLF line endings gets that id, and its source text those line endings (no
word changes), so importing the file again updates it instead of adding a copy. One whose new id another
document holds already (the same text imported twice) keeps its own: an editor merges the two."""
import hashlib

from django.db import migrations

PREFIX = "text-sha1:"


def give_unix_ids(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    imported = Document.objects.filter(external_id__startswith=PREFIX, source_text__contains="\r")
    for document in imported.only("pk", "external_id", "source_text").iterator(chunk_size=200):
        text = document.source_text.replace("\r\n", "\n").replace("\r", "\n")
        external_id = PREFIX + hashlib.sha1(text.encode()).hexdigest()[:20]
        if not Document.objects.filter(external_id=external_id).exists():
            Document.objects.filter(pk=document.pk).update(external_id=external_id, source_text=text)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0049_where_merged_paragraphs_went'),
    ]

    operations = [migrations.RunPython(give_unix_ids, migrations.RunPython.noop)]
