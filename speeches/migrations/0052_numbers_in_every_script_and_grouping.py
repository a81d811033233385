"""Search reads a number the same however its digits are grouped and in whichever script they are
written (``speeches.search.text``): "3 300" (a no-break space), "3’300", "٣٬٣٠٠" and "３，３００" are
3300, "٢٠٢٣" and "२०२३" are 2023; before, each was another token, or two.

Every published document whose indexed text holds a digit outside 0-9, or two digits joined by one of
the separators now read as a number's, is noted in the index backlog, so the next start
(``prepare_index``) indexes it as search now reads it; its recurring passages are compared again, and
its speakers' keywords counted again, as both count words as search does."""
import re
from importlib import import_module

from django.db import migrations

NUMBER_AS_NOW_READ = re.compile("(?![0-9])\\d|\\d['’\u066b\u066c\uff0c\uff0e\u00a0\u2009\u202f]\\d")
unspaced_words = import_module("speeches.migrations.0037_words_of_unspaced_scripts")


def note_documents_with_numbers_read_anew(apps, schema_editor):
    unspaced_words.note_documents_with_unspaced_words(apps, schema_editor, letters=NUMBER_AS_NOW_READ)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0051_superscript_footnote_numbers_end_words'),
    ]

    operations = [migrations.RunPython(note_documents_with_numbers_read_anew, migrations.RunPython.noop)]
