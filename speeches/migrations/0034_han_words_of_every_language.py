"""The Han words of a text in another language than Chinese (the kanji of a Japanese speech, the hanja of
a Korean one, a Chinese expression quoted in English, a speaker's name written in Chinese) are indexed as
Chinese words too, so an unquoted 外交 finds them (``speeches.search.index.document_index``). Every
published document with a Han character outside a Chinese text is noted in the index backlog, so the next
start (``prepare_index``) indexes it as search now reads it. Words are counted as before: nothing else
changes."""
import re

from django.db import migrations

from speeches.characters import HAN

HAN_CHARACTER = re.compile(f"[{HAN}]")


def is_chinese(language):
    return language.lower().split("-")[0] == "zh"


def holds_han(*texts):
    return any(HAN_CHARACTER.search(text) for text in texts if text)


def note_documents_with_han_words_elsewhere(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    DocumentText = apps.get_model("speeches", "DocumentText")
    Speaker = apps.get_model("speeches", "Speaker")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    published = Document.objects.filter(status="published").order_by()
    ids = {document.pk for document in published.only("pk", "language", "title", "subtitle", "event", "body").iterator(
        chunk_size=500) if not is_chinese(document.language)
        and holds_han(document.title, document.subtitle, document.event, document.body)}
    ids |= {text.document_id for text in DocumentText.objects.filter(document__in=published).only(
        "document_id", "language", "title", "body").iterator(chunk_size=500)
        if not is_chinese(text.language) and holds_han(text.title, text.body)}
    ids |= {document_id for document_id, language, name, role in Speaker.objects.filter(
        document__in=published).values_list("document_id", "document__language", "person__name", "role").iterator(
        chunk_size=2000) if not is_chinese(language) and holds_han(name, role)}
    ids = sorted(ids)
    for start in range(0, len(ids), 500):
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in ids[start:start + 500]],
                                         ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0033_names_as_written'),
    ]

    operations = [migrations.RunPython(note_documents_with_han_words_elsewhere, migrations.RunPython.noop)]
