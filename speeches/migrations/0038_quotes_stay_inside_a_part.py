"""The exact fields hold a mark between the paragraphs of a text and between a document's title, subtitle,
credits and event (``speeches.search.index.document_index.BETWEEN_PARTS``): a quoted phrase ran from the
end of one paragraph into the next ("peaceful coexistence" / "In the new era"), or from a speaker's name
into the body. Every published document is noted in the index backlog, so the next start
(``prepare_index``) indexes it so."""
from django.db import migrations


def note_published_documents(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    ids = list(Document.objects.filter(status="published").order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in ids[start:start + 1000]],
                                         ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0037_words_of_unspaced_scripts'),
    ]

    operations = [migrations.RunPython(note_published_documents, migrations.RunPython.noop)]
