from django.db import migrations

from speeches.editorial_groups import PUBLISHERS_GROUP, create_editorial_groups_in_migration


def remove_publishers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PUBLISHERS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("speeches", "0003_history_publishing_external_id")]

    operations = [migrations.RunPython(create_editorial_groups_in_migration, remove_publishers_group)]
