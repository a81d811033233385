"""Search reads Thai, Lao, Myanmar and Khmer as words (``speeches.search.text.written_spans``): a run of
them was one token up to the next space, so a word inside a sentence was never found. It reads a Korean
word without the particles written onto it (``speeches.characters.without_korean_particles``), and keeps
Korean syllables composed where they were decomposed into their letters.

Every published document whose indexed text holds one of these scripts is noted in the index backlog,
so the next start (``prepare_index``) indexes it as search now reads it; its recurring passages are
compared again, and its speakers' keywords counted again, as both count words as search does."""
import re

from django.db import migrations

UNSPACED_LETTER = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\ua9e0-\ua9ff\uaa60-\uaa7f\uac00-\ud7a3\u1100-\u11ff]")


def documents_with_unspaced_words(apps, letters=UNSPACED_LETTER):
    """Return the ids of published documents whose indexed text holds one of ``letters``."""
    def holds_one(*texts):
        return any(letters.search(text) for text in texts if text)

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


def note_documents_with_unspaced_words(apps, schema_editor, letters=UNSPACED_LETTER):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    KeywordProfile = apps.get_model("speeches", "KeywordProfile")
    ids = sorted(documents_with_unspaced_words(apps, letters))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in chunk], ignore_conflicts=True)
        Document.objects.filter(pk__in=chunk).update(passages_compared=None)
        KeywordProfile.objects.filter(person__speaking_roles__document__in=chunk).update(signature="")


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0036_document_slugs_in_any_script'),
    ]

    operations = [migrations.RunPython(note_documents_with_unspaced_words, migrations.RunPython.noop)]
