"""Search reads a footnote's number written as a superscript as no part of the word it follows
(``speeches.search.text``): "self-defence¹" was one token, so "self-defence under Article 51" and
defence never found it.

Every published document whose indexed text holds a superscript digit is noted in the index backlog,
so the next start (``prepare_index``) indexes it as search now reads it; its recurring passages are
compared again, and its speakers' keywords counted again, as both count words as search does."""
import re
from importlib import import_module

from django.db import migrations

SUPERSCRIPT_DIGIT = re.compile("[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]")
unspaced_words = import_module("speeches.migrations.0037_words_of_unspaced_scripts")


def note_documents_with_superscript_digits(apps, schema_editor):
    unspaced_words.note_documents_with_unspaced_words(apps, schema_editor, letters=SUPERSCRIPT_DIGIT)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0050_plain_text_ids_with_unix_line_endings'),
    ]

    operations = [migrations.RunPython(note_documents_with_superscript_digits, migrations.RunPython.noop)]
