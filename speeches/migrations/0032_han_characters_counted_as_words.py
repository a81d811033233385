"""A Han character counts as one word (``speeches.models.count_words``): a run of them counted as one, so
a Chinese speech of 2,000 characters had 8 words, and its timeline's uses per 10,000 words were hundreds
of times too many. The documents whose count changes are counted again."""
from django.db import migrations

from speeches.models import count_words


def count_han_characters_as_words(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    changed = []  # only ids and counts: a large archive's paragraphs are not all held at once
    for document in Document.objects.only("pk", "paragraphs", "word_count").iterator(chunk_size=500):
        if (words := count_words(document.paragraphs)) != document.word_count:
            changed.append(Document(pk=document.pk, word_count=words))
        if len(changed) == 500:
            write_counts(apps, changed)
            changed = []
    write_counts(apps, changed)


def write_counts(apps, documents):
    """Store the documents' new counts, and note them in the index backlog: the research views kept
    until the index changes (their words per period) are made again once the next start writes them."""
    apps.get_model("speeches", "Document").objects.bulk_update(documents, ["word_count"])
    apps.get_model("speeches", "IndexBacklog").objects.bulk_create(
        [apps.get_model("speeches", "IndexBacklog")(document_id=document.pk) for document in documents],
        ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0031_elisions_and_invisible_characters'),
    ]

    operations = [migrations.RunPython(count_han_characters_as_words, migrations.RunPython.noop)]
