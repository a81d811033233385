"""Search reads texts as their readers write them (``speeches.search.text``):

- it keeps the marks that write a sound rather than accent a letter (``SOUND_MARK_CLASSES``): folded
  like accents before, が was か and ガザ (Gaza) was カサ (an umbrella), the virama of "न्द" was dropped,
  Thai lost its tones; and the Cyrillic й, which was и and broke the Russian stemmer;
- it folds the Japanese forms of Han characters that Chinese does not write to the Simplified ones it
  writes (``simplified``: 経済関係 is 经济关系);
- it folds the Latin letters no decomposition takes apart as accents are (``UNDECOMPOSED_LATIN``:
  cœur is coeur, Łódź is lodz);
- it reads a run of katakana and one of hiragana as tokens of their own (パレスチナ of パレスチナの);
- it takes the article off an Arabic word before stemming it (``languages.without_arabic_article``:
  للتعاون and تعاون have one stem).

Every published document whose indexed text holds any of these is noted in the index backlog, so the
next start (``prepare_index``) indexes it as search now reads it; its recurring passages are compared
again, and its speakers' keywords counted again, as both read words as search does. The patterns are
looser than search: they may note a few documents that did not need it, never miss one that did."""
import re
import unicodedata

import opencc
from django.db import migrations

SOUND_MARK_CLASSES = frozenset({8, 9, 84, 91, 103, 107, 118, 122, 129, 130, 132})
JAPANESE_TO_TRADITIONAL = opencc.OpenCC("jp2t.json")
TRADITIONAL_TO_SIMPLIFIED = opencc.OpenCC("t2s.json")
KANA = "\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"


def written_in_chinese(character):
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def is_folded_japanese_form(character):
    if TRADITIONAL_TO_SIMPLIFIED.convert(character) != character or written_in_chinese(character):
        return False
    traditional = JAPANESE_TO_TRADITIONAL.convert(character)
    return traditional != character and written_in_chinese(TRADITIONAL_TO_SIMPLIFIED.convert(traditional))


def read_otherwise():
    """Return a pattern found in every text search now reads otherwise."""
    sounded = "".join(re.escape(chr(code)) for code in range(0x20000) if any(
        unicodedata.combining(part) in SOUND_MARK_CLASSES for part in unicodedata.normalize("NFKD", chr(code))))
    japanese_forms = "".join(chr(code) for code in range(0x3400, 0xA000) if is_folded_japanese_form(chr(code)))
    return re.compile(f"[{sounded}йЙ{japanese_forms}œŒæÆøØłŁđĐħĦıŧŦ{KANA}]|[иИ]\u0306|ال|لل")


def documents_read_otherwise(apps):
    """Return the ids of the published documents whose indexed text search now reads otherwise."""
    pattern = read_otherwise()

    def holds_one(*texts):
        return any(pattern.search(text) for text in texts if text)

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


def note_documents_read_otherwise(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    KeywordProfile = apps.get_model("speeches", "KeywordProfile")
    ids = sorted(documents_read_otherwise(apps))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in chunk], ignore_conflicts=True)
        Document.objects.filter(pk__in=chunk).update(passages_compared=None)
        KeywordProfile.objects.filter(person__speaking_roles__document__in=chunk).update(signature="")


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0034_han_words_of_every_language'),
    ]

    operations = [migrations.RunPython(note_documents_read_otherwise, migrations.RunPython.noop)]
