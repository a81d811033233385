"""A Han character counts as one word (``speeches.models.count_words``): a run of them counted as one, so
a Chinese speech of 2,000 characters had 8 words, and its timeline's uses per 10,000 words were hundreds
of times too many. The documents whose count changes are counted again."""
from django.db import migrations

from speeches.models import count_words


def count_han_characters_as_words(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    changed = []
    for document in Document.objects.only("pk", "paragraphs", "word_count").iterator(chunk_size=500):
        if (words := count_words(document.paragraphs)) != document.word_count:
            document.word_count = words
            changed.append(document)
    Document.objects.bulk_update(changed, ["word_count"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0031_elisions_and_invisible_characters'),
    ]

    operations = [migrations.RunPython(count_han_characters_as_words, migrations.RunPython.noop)]
