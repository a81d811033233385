"""A name with a letter outside the Latin script has a slug in its own scripts
(``speeches.models.slugs.readable_slug``): "Сергей Лавров" -> "сергей-лавров" for a row made from now on,
where it was "untitled" (rows keep the slugs their addresses have). An event's slug is not stored: one
named so ("Саммит ШОС 2024 (Astana)") had an empty slug, or only its Latin letters and numbers
("2024-astana", shared with every such summit), so its documents were missing from the event filter and
facet, or mixed with another event's. Their published documents are noted in the index backlog: the
next start (``prepare_index``) writes them with the new slug."""
import unicodedata

from django.db import migrations, models


def slug_changed(event):
    """Whether ``event`` has a letter outside the Latin script: its slug is no longer its ASCII slug."""
    return not all("LATIN" in unicodedata.name(character, "")
                   for character in unicodedata.normalize("NFKC", event) if character.isalpha())


def note_documents_of_renamed_events(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    events = Document.objects.filter(status="published").exclude(event="").order_by().values_list("event", flat=True).distinct()
    renamed = [event for event in events if slug_changed(event)]
    ids = Document.objects.filter(status="published", event__in=renamed).values_list("pk", flat=True)
    IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in ids], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0029_text_alignment_checked'),
    ]

    operations = [
        migrations.AlterField(
            model_name='country',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80, unique=True),
        ),
        migrations.AlterField(
            model_name='historicalperson',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80),
        ),
        migrations.AlterField(
            model_name='historicalvenue',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80),
        ),
        migrations.AlterField(
            model_name='person',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80, unique=True),
        ),
        migrations.AlterField(
            model_name='region',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80, unique=True),
        ),
        migrations.AlterField(
            model_name='venue',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80, unique=True),
        ),
        migrations.RunPython(note_documents_of_renamed_events, migrations.RunPython.noop),
    ]
