"""Names are stored as readers see them (``speeches.names.written_name``): composed, one space between
words, without invisible characters. Rows saved before are brought to that form, so an import of the
same name, now normalised, finds them instead of adding a second entry."""
from django.db import migrations

from speeches.names import written_name

FIELDS = {"Person": ["name", "family_name", "given_name"], "Venue": ["name", "city", "country"],
          "Region": ["name"], "Country": ["name"]}


def write_names_as_written(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("speeches", model_name)
        for row in model.objects.only("pk", *fields).iterator(chunk_size=500):
            written = {field: written_name(getattr(row, field)) for field in fields}
            if any(written[field] != getattr(row, field) for field in fields):
                model.objects.filter(pk=row.pk).update(**written)


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0032_han_characters_counted_as_words'),
    ]

    operations = [migrations.RunPython(write_names_as_written, migrations.RunPython.noop)]
