from django.contrib.auth.management import create_permissions
from django.db import migrations

from speeches.editors import PUBLISHERS_GROUP, ensure_editorial_groups


def create_publishers_group(apps, schema_editor):
    # The publish permission is new in 0003; create it now rather than after all migrations.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    ensure_editorial_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_publishers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PUBLISHERS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("speeches", "0003_history_publishing_external_id")]

    operations = [migrations.RunPython(create_publishers_group, remove_publishers_group)]
