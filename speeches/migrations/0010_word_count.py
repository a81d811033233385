from django.db import migrations, models

from speeches.models import count_words


def count_existing_words(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    batch = []
    for document in Document.objects.only("pk", "paragraphs").iterator(chunk_size=500):
        document.word_count = count_words(document.paragraphs)
        batch.append(document)
        if len(batch) == 500:
            Document.objects.bulk_update(batch, ["word_count"])
            batch = []
    Document.objects.bulk_update(batch, ["word_count"])


class Migration(migrations.Migration):

    dependencies = [
        ("speeches", "0009_index_backlog"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="word_count",
            field=models.PositiveIntegerField(default=0, editable=False, help_text="Words in the paragraphs."),
        ),
        migrations.RunPython(count_existing_words, migrations.RunPython.noop),
    ]
