"""Search reads an elided French or Italian word as a token of its own ("l'Allemagne" is "l allemagne")
and drops the invisible characters a word may carry (soft hyphen, zero-width space, word joiner):
``speeches.search.text``. The published documents whose texts hold either are noted in the index
backlog, so the next start (``prepare_index``) indexes them as search now reads them (a few more than
need it, at most: the pattern below is looser than the tokeniser)."""
import re

from django.db import migrations

READ_OTHERWISE = re.compile("(?i:\\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu|dell|nell|dall|sull|all|un"
                            "|quest|quell)['’‘ʼ][aeiouyhàâäéèêëîïôöûùüÿœæ])|[\u00ad\u200b\u2060\ufeff]")


def reads_otherwise(*texts):
    return any(READ_OTHERWISE.search(text) for text in texts)


def note_documents_read_otherwise(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    DocumentText = apps.get_model("speeches", "DocumentText")
    IndexBacklog = apps.get_model("speeches", "IndexBacklog")
    published = Document.objects.filter(status="published").order_by()
    ids = {document.pk for document in published.only("pk", "title", "subtitle", "body").iterator(chunk_size=500)
           if reads_otherwise(document.title, document.subtitle, document.body)}
    ids |= {text.document_id for text in DocumentText.objects.filter(document__in=published).only(
        "document_id", "title", "body").iterator(chunk_size=500) if reads_otherwise(text.title, text.body)}
    IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in sorted(ids)], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0030_slugs_in_any_script'),
    ]

    operations = [migrations.RunPython(note_documents_read_otherwise, migrations.RunPython.noop)]
