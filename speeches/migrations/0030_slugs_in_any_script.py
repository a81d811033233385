"""A name with a letter outside the Latin script has a slug in its own scripts
(``speeches.models.slugs.readable_slug``): "Сергей Лавров" -> "сергей-лавров" for a row made from now on,
where it was "untitled" (rows keep the slugs their addresses have); a Latin one has its letters
transliterated ("Łódź" -> "lodz", where it was "odz"). An event's slug is not stored: one
named so ("Саммит ШОС 2024 (Astana)") had an empty slug, or only its Latin letters and numbers
("2024-astana", shared with every such summit), so its documents were missing from the event filter and
facet, or mixed with another event's. Their published documents are noted in the index backlog: the
next start (``prepare_index``) writes them with the new slug; an alert that follows one by its former
slug follows it by the new one."""
import re
from collections import defaultdict
from urllib.parse import parse_qsl, urlencode

from django.db import IntegrityError, migrations, transaction
from django.utils.text import slugify

import speeches.models.slugs
from speeches.models.slugs import readable_slug

DASHES = re.compile("[\u2010-\u2015\u2212]")


def former_slug(event):
    """An event's slug as it was before this migration: in ASCII, whatever its script."""
    return slugify(DASHES.sub(" ", event))[:80].strip("-")


def renamed_events(apps):
    """Return the published events whose slug this migration changes: those with a letter outside the
    Latin script, or one Django's slugify dropped (ł, ß, ø: "Łódź" is "lodz", no longer "odz")."""
    Document = apps.get_model("speeches", "Document")
    events = Document.objects.filter(status="published").exclude(event="").order_by().values_list("event", flat=True)
    return [event for event in events.distinct() if former_slug(event) != readable_slug(event)]


def note_documents_of_renamed_events(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    renamed = renamed_events(apps)
    for start in range(0, len(renamed), 500):
        ids = Document.objects.filter(status="published", event__in=renamed[start:start + 500]).values_list("pk", flat=True)
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in ids], ignore_conflicts=True)


def follow_renamed_events_in_alerts(apps, schema_editor):
    """Rewrite the event an alert follows by its former slug to the new one, where the former slug named
    that one event (one it shared, "2024-astana" for two summits, cannot say which is meant)."""
    Alert = apps.get_model("speeches", "Alert")
    Document = apps.get_model("speeches", "Document")
    events_by_former_slug = defaultdict(set)
    for event in Document.objects.filter(status="published").exclude(event="").order_by().values_list(
            "event", flat=True).distinct():
        events_by_former_slug[former_slug(event)].add(event)
    renamed = set(renamed_events(apps))
    for alert in Alert.objects.filter(query__contains="event=").iterator(chunk_size=500):
        parameters = parse_qsl(alert.query, keep_blank_values=True)
        changed = [(name, followed(value, events_by_former_slug, renamed) if name == "event" else value)
                   for name, value in parameters]
        if changed != parameters:
            try:
                with transaction.atomic():
                    Alert.objects.filter(pk=alert.pk).update(query=urlencode(changed))
            except IntegrityError:  # the address follows the renamed event already: keep the alert it has
                pass


def followed(slug, events_by_former_slug, renamed):
    events = events_by_former_slug.get(slug, set())
    if len(events) == 1 and (event := next(iter(events))) in renamed:
        return readable_slug(event)
    return slug


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0029_text_alignment_checked'),
    ]

    operations = [
        migrations.AlterField(
            model_name='country',
            name='slug',
            field=speeches.models.slugs.SlugInAnyScriptField(blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80, unique=True),
        ),
        migrations.AlterField(
            model_name='historicalperson',
            name='slug',
            field=speeches.models.slugs.SlugInAnyScriptField(blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80),
        ),
        migrations.AlterField(
            model_name='historicalvenue',
            name='slug',
            field=speeches.models.slugs.SlugInAnyScriptField(blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80),
        ),
        migrations.AlterField(
            model_name='person',
            name='slug',
            field=speeches.models.slugs.SlugInAnyScriptField(blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80, unique=True),
        ),
        migrations.AlterField(
            model_name='region',
            name='slug',
            field=speeches.models.slugs.SlugInAnyScriptField(blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80, unique=True),
        ),
        migrations.AlterField(
            model_name='venue',
            name='slug',
            field=speeches.models.slugs.SlugInAnyScriptField(blank=True, help_text="The page's address. Left empty, it is made from the name when saved: in Latin letters when all its letters are Latin, else in its own script (сергей-лавров). Changing it breaks links.", max_length=80, unique=True),
        ),
        migrations.RunPython(note_documents_of_renamed_events, migrations.RunPython.noop),
        migrations.RunPython(follow_renamed_events_in_alerts, migrations.RunPython.noop),
    ]
