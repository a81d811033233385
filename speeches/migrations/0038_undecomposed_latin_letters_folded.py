"""Search folds the Latin letters no decomposition takes apart as their accented neighbours are
(``speeches.search.text.UNDECOMPOSED_LATIN``): "coeur" finds "cœur", "Lodz" finds "Łódź", where they
were letters of their own. Every published document holding one in its indexed text is noted in the
index backlog, so the next start (``prepare_index``) indexes it as search now reads it; its recurring
passages are compared again, and its speakers' keywords counted again, as both read words as search does."""
import re

from django.db import migrations

FOLDED_NOW = re.compile("[œŒæÆøØłŁđĐħĦıŧŦ]")


def holds_one(*texts):
    return any(FOLDED_NOW.search(text) for text in texts if text)


def documents_with_undecomposed_letters(apps):
    """Return the ids of the published documents whose indexed text holds a letter search now folds."""
    Document = apps.get_model("speeches", "Document")
    DocumentText = apps.get_model("speeches", "DocumentText")
    Speaker = apps.get_model("speeches", "Speaker")
    published = Document.objects.filter(status="published").order_by()
    ids = {document.pk for document in published.only("pk", "title", "subtitle", "event", "body").iterator(
        chunk_size=500) if holds_one(document.title, document.subtitle, document.event, document.body)}
    ids |= {text.document_id for text in DocumentText.objects.filter(document__in=published).only(
        "document_id", "title", "body").iterator(chunk_size=500) if holds_one(text.title, text.body)}
    ids |= {document_id for document_id, name, role in Speaker.objects.filter(document__in=published).values_list(
        "document_id", "person__name", "role").iterator(chunk_size=2000) if holds_one(name, role)}
    return ids


def note_documents_with_undecomposed_letters(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    KeywordProfile = apps.get_model("speeches", "KeywordProfile")
    ids = sorted(documents_with_undecomposed_letters(apps))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in chunk], ignore_conflicts=True)
        Document.objects.filter(pk__in=chunk).update(passages_compared=None)
        KeywordProfile.objects.filter(person__speaking_roles__document__in=chunk).update(signature="")


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0037_japanese_forms_folded'),
    ]

    operations = [migrations.RunPython(note_documents_with_undecomposed_letters, migrations.RunPython.noop)]
