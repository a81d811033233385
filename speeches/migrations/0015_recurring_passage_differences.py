"""Recurring passages carry their marked differences, one per paragraph and other document: the
records made before are dropped and every document left to compare again (``manage.py
compare_passages``), as a document whose text changed is."""
from django.db import migrations, models


def compare_again(apps, schema_editor):
    apps.get_model("speeches", "RecurringPassage").objects.all().delete()
    apps.get_model("speeches", "Document").objects.update(passages_compared=None)


class Migration(migrations.Migration):

    dependencies = [
        ("speeches", "0014_document_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="recurringpassage",
            name="differences",
            field=models.TextField(
                default="", help_text="The other paragraph's passage as HTML, its words this one lacks in <ins>, this "
                                      "one's words it lacks in <del>: marked when compared, so pages only read it."),
        ),
        migrations.RunPython(compare_again, migrations.RunPython.noop),
    ]
