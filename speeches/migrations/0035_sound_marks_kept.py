"""Search keeps the marks that write a sound rather than accent a letter (``speeches.search.text``,
``SOUND_MARK_CLASSES``): folded like accents before, が was か and ガザ (Gaza) was カサ (an umbrella), the
virama of "न्द" was dropped and Thai lost its tones; the Cyrillic й was и, which also broke the Russian
stemmer (многополярный and многополярного had different stems). Every published document whose indexed text holds
one of those marks, or a character that decomposes into one (が), is noted in the index backlog, so the
next start (``prepare_index``) indexes it as search now reads it; its recurring passages are compared
again, and its speakers' keywords counted again, as both read words as search does."""
import re
import unicodedata

from django.db import migrations

SOUND_MARK_CLASSES = frozenset({8, 9, 84, 91, 103, 107, 118, 122, 129, 130, 132})


def sounded_characters():
    """Return a compiled character class of the characters that are, or decompose into, a sound mark,
    and of й (decomposed too: и and a breve)."""
    sounded = "".join(re.escape(chr(code)) for code in range(0x20000) if any(
        unicodedata.combining(part) in SOUND_MARK_CLASSES for part in unicodedata.normalize("NFKD", chr(code))))
    return re.compile(f"[{sounded}йЙ]|[иИ]\u0306")


def documents_with_sound_marks(apps):
    """Return the ids of the published documents whose indexed text holds a sound mark."""
    sounded = sounded_characters()

    def holds_one(*texts):
        return any(sounded.search(text) for text in texts if text)

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


def note_documents_with_sound_marks(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    KeywordProfile = apps.get_model("speeches", "KeywordProfile")
    ids = sorted(documents_with_sound_marks(apps))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in chunk], ignore_conflicts=True)
        Document.objects.filter(pk__in=chunk).update(passages_compared=None)
        KeywordProfile.objects.filter(person__speaking_roles__document__in=chunk).update(signature="")


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0034_han_words_of_every_language'),
    ]

    operations = [migrations.RunPython(note_documents_with_sound_marks, migrations.RunPython.noop)]
