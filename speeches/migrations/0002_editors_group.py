from django.db import migrations

from speeches.editorial_groups import EDITORS_GROUP, create_editorial_groups_in_migration


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("speeches", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editorial_groups_in_migration, remove_editors_group)]
