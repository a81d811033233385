"""Search folds the Arabic script's letters a reader takes for one another (Persian ی and ک, the alef
maqsura ى, the ta marbuta ة, the wasla ٱ: ``speeches.search.text.ARABIC_LETTER_FORMS``), reads a
zero-width joiner, and a non-joiner inside a word of an Indian script, as nothing (राष्ट्र‌ीय was two
words), and takes the acute accent, the full-width apostrophe and the prime for apostrophes
(nation´s was two words). Matching case (``case:on``), it reads a ligature, full-width letters and
half-width katakana as the letters they write (ﬁnancial, ＵＮＥＳＣＯ and ﾊﾟﾚｽﾁﾅ were missed).

Every published document whose indexed text holds one of these characters is noted in the index
backlog, so the next start (``prepare_index``) indexes it as search now reads it; its recurring passages
are compared again, and its speakers' keywords counted again, as both count words as search does."""
import re
import unicodedata
from importlib import import_module

from django.db import migrations

LETTERS_READ_OTHERWISE = re.compile("[\u06cc\u0649\u06a9\u0629\u0671\u200d\u200c\u00b4\uff07\u2032]")


# Letters and digits that NFKC writes otherwise (ﬁ, Ｕ, ﾊ): in a token, where case:on now reads them so.
COMPATIBILITY_LETTER = re.compile("[" + "".join(
    re.escape(character) for character in map(chr, range(0x80, 0x30000))
    if character.isalnum() and unicodedata.normalize("NFKC", character) != character) + "]")


class ReadOtherwise:
    """Finds what search now reads otherwise: one of those letters, or a compatibility form of one."""

    @staticmethod
    def search(text):
        return LETTERS_READ_OTHERWISE.search(text) or COMPATIBILITY_LETTER.search(text)


READ_OTHERWISE = ReadOtherwise()
unspaced_words = import_module("speeches.migrations.0037_words_of_unspaced_scripts")


def note_documents_with_letters_read_otherwise(apps, schema_editor):
    unspaced_words.note_documents_with_unspaced_words(apps, schema_editor, letters=READ_OTHERWISE)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0060_numbers_keep_their_decimals'),
    ]

    operations = [migrations.RunPython(note_documents_with_letters_read_otherwise, migrations.RunPython.noop)]
