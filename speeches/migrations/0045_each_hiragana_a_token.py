"""Search reads each hiragana as a token, as it reads each Han character (``speeches.search.text``): a run
of hiragana was one token, so a quote or a word beginning or ending inside one ("協力していく" in
協力していくことが, "ありがとう" in ありがとうございます) was never found.

Every published document whose indexed text holds hiragana is noted in the index backlog, so the next
start (``prepare_index``) indexes it as search now reads it; its recurring passages are compared again,
and its speakers' keywords counted again, as both count words as search does."""
import re
from importlib import import_module

from django.db import migrations

HIRAGANA = re.compile("[\u3041-\u309f]")
unspaced_words = import_module("speeches.migrations.0037_words_of_unspaced_scripts")


def note_documents_with_hiragana(apps, schema_editor):
    unspaced_words.note_documents_with_unspaced_words(apps, schema_editor, letters=HIRAGANA)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0044_names_in_the_order_lists_give'),
    ]

    operations = [migrations.RunPython(note_documents_with_hiragana, migrations.RunPython.noop)]
