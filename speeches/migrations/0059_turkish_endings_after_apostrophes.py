"""Search reads a Turkish ending written after a name's apostrophe as a token of its own
(``speeches.search.text.TURKISH_ENDINGS``): "İstanbul'da", "Türkiye'nin" and "NATO'ya" were one token
each, so İstanbul, Türkiye and NATO never found them.

Every published document whose indexed text holds a word or number, an apostrophe and an ending (not
English's 's, 't, 'll, 're, 've, 'd or 'm) is noted in the index backlog, so the next start
(``prepare_index``) indexes it as search now reads it; its recurring passages are compared again, and
its speakers' keywords counted again, as both count words as search does."""
import re
from importlib import import_module

from django.db import migrations

ENDING_AFTER_AN_APOSTROPHE = re.compile("\\w['’‘ʼ´＇′](?!(?i:s|t|ll|re|ve|d|m)\\b)[^\\W\\d_]{1,8}\\b")
unspaced_words = import_module("speeches.migrations.0037_words_of_unspaced_scripts")


def note_documents_with_endings_after_apostrophes(apps, schema_editor):
    unspaced_words.note_documents_with_unspaced_words(apps, schema_editor, letters=ENDING_AFTER_AN_APOSTROPHE)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0058_retired_documents_found_by_external_id'),
    ]

    operations = [migrations.RunPython(note_documents_with_endings_after_apostrophes, migrations.RunPython.noop)]
