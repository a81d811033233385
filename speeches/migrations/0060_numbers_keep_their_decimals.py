"""Search keeps a number's decimal point (``speeches.search.text.number_form``): "1.2 million" was read
as "12 million", "3.5%" as 35%, and "Article 2.4" as "Article 24", so each was found by the other.

Every published document whose indexed text holds two digits with a full stop, a comma or the Arabic
decimal mark between them is noted in the index backlog, so the next start (``prepare_index``) indexes
it as search now reads it; its recurring passages are compared again, and its speakers' keywords
counted again, as both count words as search does."""
import re
from importlib import import_module

from django.db import migrations

DIGITS_WITH_A_MARK_BETWEEN = re.compile("\\d[.,\u066b\uff0e]\\d")
unspaced_words = import_module("speeches.migrations.0037_words_of_unspaced_scripts")


def note_documents_with_marks_between_digits(apps, schema_editor):
    unspaced_words.note_documents_with_unspaced_words(apps, schema_editor, letters=DIGITS_WITH_A_MARK_BETWEEN)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0059_turkish_endings_after_apostrophes'),
    ]

    operations = [migrations.RunPython(note_documents_with_marks_between_digits, migrations.RunPython.noop)]
