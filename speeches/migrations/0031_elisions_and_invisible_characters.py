"""Search reads an elided French or Italian word as a token of its own ("l'Allemagne" is "l allemagne"),
drops the invisible characters a word may carry (soft hyphen, zero-width space, word joiner), and keeps
every mark with its letter (a Devanagari vowel sign split a word in three): ``speeches.search.text``. Every published document whose indexed text holds either (its title, subtitle,
event, credits, body or other texts) is noted in the index backlog, so the next start (``prepare_index``)
indexes it as search now reads it; its recurring passages are compared again, and its speakers'
keywords counted again (``compare_passages``, ``find_keywords``), as both read words as search does.
The pattern below is looser than the tokeniser: it may note a few documents that did not need it, never
miss one that did."""
import re

from django.db import migrations

from speeches.characters import COMBINING_MARKS

READ_OTHERWISE = re.compile("(?i:(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu|dell|nell|dall|sull|all|un"
                            "|quest|quell)['’‘ʼ][aeiouyhàâäéèêëîïôöûùüÿœæ])|[\u00ad\u200b\u2060\ufeff]"
                            f"|[{COMBINING_MARKS}]")


def reads_otherwise(*texts):
    return any(READ_OTHERWISE.search(text) for text in texts if text)


def documents_read_otherwise(apps):
    """Return the ids of the published documents whose indexed text search now reads otherwise."""
    Document = apps.get_model("speeches", "Document")
    DocumentText = apps.get_model("speeches", "DocumentText")
    Speaker = apps.get_model("speeches", "Speaker")
    published = Document.objects.filter(status="published").order_by()
    ids = {document.pk for document in published.only("pk", "title", "subtitle", "event", "body").iterator(
        chunk_size=500) if reads_otherwise(document.title, document.subtitle, document.event, document.body)}
    ids |= {text.document_id for text in DocumentText.objects.filter(document__in=published).only(
        "document_id", "title", "body").iterator(chunk_size=500) if reads_otherwise(text.title, text.body)}
    ids |= {document_id for document_id, name, role in Speaker.objects.filter(document__in=published).values_list(
        "document_id", "person__name", "role").iterator(chunk_size=2000) if reads_otherwise(name, role)}
    return ids


def note_documents_read_otherwise(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    KeywordProfile = apps.get_model("speeches", "KeywordProfile")
    ids = sorted(documents_read_otherwise(apps))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in chunk], ignore_conflicts=True)
        Document.objects.filter(pk__in=chunk).update(passages_compared=None)
        KeywordProfile.objects.filter(person__speaking_roles__document__in=chunk).update(signature="")


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0030_slugs_in_any_script'),
    ]

    operations = [migrations.RunPython(note_documents_read_otherwise, migrations.RunPython.noop)]
