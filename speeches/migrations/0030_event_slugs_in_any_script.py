"""An event named without Latin letters ("Саммит ШОС 2024") has a slug in its own script
(``speeches.models.slugs.event_slug``); its slug was empty, or only its numbers, so its documents were
missing from the event filter and facet. Their published documents are noted in the index backlog: the
next start (``prepare_index``) writes them with the new slug."""
import re

from django.db import migrations
from django.utils.text import slugify

LETTER = re.compile(r"[^\W\d_]")


def slug_lost_its_letters(event):
    """Whether the Latin slug of ``event``, as it was before this migration, kept none of its letters."""
    return bool(LETTER.search(event)) and not LETTER.search(slugify(event))


def note_documents_of_renamed_events(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    events = Document.objects.filter(status="published").exclude(event="").order_by().values_list("event", flat=True).distinct()
    renamed = [event for event in events if slug_lost_its_letters(event)]
    ids = Document.objects.filter(status="published", event__in=renamed).values_list("pk", flat=True)
    IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in ids], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0029_text_alignment_checked'),
    ]

    operations = [migrations.RunPython(note_documents_of_renamed_events, migrations.RunPython.noop)]
