"""Search folds the Japanese forms of Han characters (shinjitai) that Chinese does not write to the
Simplified characters Chinese writes for them (``speeches.search.text.simplified``): 経済関係 is read as
经济关系, where it was read as three characters of its own and one Chinese. Every published document
holding such a character in its indexed text is noted in the index backlog, so the next start
(``prepare_index``) indexes it as search now reads it; its recurring passages are compared again, and
its speakers' keywords counted again, as both read words as search does."""
import re

import opencc
from django.db import migrations

JAPANESE_TO_TRADITIONAL = opencc.OpenCC("jp2t.json")
TRADITIONAL_TO_SIMPLIFIED = opencc.OpenCC("t2s.json")


def written_in_chinese(character):
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def folded_japanese_forms():
    """Return a compiled character class of the Japanese forms search now folds (as ``simplified`` does)."""
    forms = []
    for code in range(0x3400, 0xA000):
        character = chr(code)
        if TRADITIONAL_TO_SIMPLIFIED.convert(character) != character or written_in_chinese(character):
            continue
        traditional = JAPANESE_TO_TRADITIONAL.convert(character)
        if traditional != character and written_in_chinese(TRADITIONAL_TO_SIMPLIFIED.convert(traditional)):
            forms.append(character)
    return re.compile(f"[{''.join(forms)}]")


def documents_with_japanese_forms(apps):
    """Return the ids of the published documents whose indexed text holds a folded Japanese form."""
    japanese_form = folded_japanese_forms()

    def holds_one(*texts):
        return any(japanese_form.search(text) for text in texts if text)

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


def note_documents_with_japanese_forms(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    KeywordProfile = apps.get_model("speeches", "KeywordProfile")
    ids = sorted(documents_with_japanese_forms(apps))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in chunk], ignore_conflicts=True)
        Document.objects.filter(pk__in=chunk).update(passages_compared=None)
        KeywordProfile.objects.filter(person__speaking_roles__document__in=chunk).update(signature="")


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0036_document_slugs_in_any_script'),
    ]

    operations = [migrations.RunPython(note_documents_with_japanese_forms, migrations.RunPython.noop)]
