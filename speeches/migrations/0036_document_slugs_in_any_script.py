"""A document's slug, the decorative part of its address, follows its title in any script, as names'
slugs do (``speeches.models.slugs.readable_slug``): "日本の外交" where it was "document", "саммит-шос-2024"
where it was "2024". A document whose slug is still the one its title gave under the former rule gets
the new one; a slug an editor wrote stays. Addresses with the former slug redirect to the new one, as
any slug of a document's address does."""
import re

from django.db import migrations
from django.utils.text import slugify

import speeches.models.slugs
from speeches.models.slugs import readable_slug

DASHES = re.compile("[\u2010-\u2015\u2212]")


def former_slug(title):
    """A document's slug as its title gave it before this migration: in ASCII, whatever its script."""
    return slugify(DASHES.sub(" ", title))[:80].strip("-") or "document"


def slug_documents_by_their_titles(apps, schema_editor):
    Document = apps.get_model("speeches", "Document")
    renamed = []
    for document in Document.objects.only("pk", "title", "slug").order_by().iterator(chunk_size=2000):
        slug = readable_slug(document.title) or "document"
        if document.slug == former_slug(document.title) and slug != document.slug:
            document.slug = slug
            renamed.append(document)
    Document.objects.bulk_update(renamed, ["slug"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0035_read_as_their_readers_write'),
    ]

    operations = [
        migrations.AlterField(
            model_name='document',
            name='slug',
            field=speeches.models.slugs.SlugInAnyScriptField(blank=True, help_text='Decorative part of the URL; old slugs keep redirecting. Left empty, it follows the title: in Latin letters when all its letters are Latin, else in its own script (日本の外交).', max_length=80),
        ),
        migrations.AlterField(
            model_name='historicaldocument',
            name='slug',
            field=speeches.models.slugs.SlugInAnyScriptField(blank=True, help_text='Decorative part of the URL; old slugs keep redirecting. Left empty, it follows the title: in Latin letters when all its letters are Latin, else in its own script (日本の外交).', max_length=80),
        ),
        migrations.RunPython(slug_documents_by_their_titles, migrations.RunPython.noop),
    ]
