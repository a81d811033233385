"""Search reads a footnote's number in brackets on the word it follows ("non-intervention[3] in") as no
word (``speeches.search.text.FOOTNOTE_CALL``), so a quote runs across it: "non-intervention in internal
affairs" missed it.

Every published document whose indexed text holds one is noted in the index backlog, so the next start
(``prepare_index``) indexes it as search now reads it; its recurring passages are compared again, and
its speakers' keywords counted again, as both count words as search does."""
import re
from importlib import import_module

from django.db import migrations

FOOTNOTE_CALL = re.compile(r"(?<=[^\s(\[])\[[0-9]{1,3}\]")
unspaced_words = import_module("speeches.migrations.0037_words_of_unspaced_scripts")


def note_documents_with_footnote_calls(apps, schema_editor):
    unspaced_words.note_documents_with_unspaced_words(apps, schema_editor, letters=FOOTNOTE_CALL)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0061_letters_readers_take_for_one_another'),
    ]

    operations = [migrations.RunPython(note_documents_with_footnote_calls, migrations.RunPython.noop)]
