"""Search reads the title and the translator of each of a document's other texts, as it reads the main
text's title and credits: a translation's own title, which its citations give, was never found.

Every published document with another text that has a title or a translator is noted in the index
backlog, so the next start (``prepare_index``) indexes it as search now reads it."""
from django.db import migrations
from django.db.models import Q


def note_documents_with_titled_texts(apps, schema_editor):
    DocumentText = apps.get_model("speeches", "DocumentText")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    ids = sorted(set(DocumentText.objects.filter(document__status="published").filter(
        ~Q(title="") | ~Q(translator="")).values_list("document_id", flat=True)))
    for start in range(0, len(ids), 500):
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in ids[start:start + 500]],
                                         ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0045_each_hiragana_a_token'),
    ]

    operations = [migrations.RunPython(note_documents_with_titled_texts, migrations.RunPython.noop)]
