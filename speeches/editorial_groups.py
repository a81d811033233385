"""The editorial groups: Editors add and correct drafts; Publishers also publish. Created by
migrations 0002 and 0004 and kept up to date after every migrate; the rules the admin applies to
them are in ``speeches.admin.permissions``."""
EDITORS_GROUP = "Editors"
PUBLISHERS_GROUP = "Publishers"
EDITED_MODELS = ["document", "documenttext", "speaker", "person", "office", "venue", "region", "country"]
PUBLISH_PERMISSION = "publish_document"
# Alerts: editors see them (counts, never addresses: ``admin.alerts``); publishers also suspend and resume them.
SEEING_ALERTS, SUSPENDING_ALERTS = "view_alert", "change_alert"


def ensure_editorial_groups(group_model, permission_model):
    """Create the Editors and Publishers groups if needed and give each its permissions."""
    editing = permission_model.objects.filter(
        content_type__app_label="speeches", content_type__model__in=EDITED_MODELS
    ).exclude(codename=PUBLISH_PERMISSION)
    publishing = permission_model.objects.filter(content_type__app_label="speeches", codename=PUBLISH_PERMISSION)
    alerts = permission_model.objects.filter(content_type__app_label="speeches", content_type__model="alert")
    seeing, suspending = alerts.filter(codename=SEEING_ALERTS), alerts.filter(codename=SUSPENDING_ALERTS)
    editors, _ = group_model.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.add(*editing, *seeing)
    publishers, _ = group_model.objects.get_or_create(name=PUBLISHERS_GROUP)
    publishers.permissions.add(*editing, *publishing, *seeing, *suspending)


def create_editorial_groups_in_migration(apps, schema_editor):
    """Data migration step: create the permissions now (Django makes them only after all migrations),
    then the groups."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    ensure_editorial_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_editorial_permissions(sender, **kwargs):
    """post_migrate: new models' permissions reach the groups, and test-database flushes recreate them."""
    from django.contrib.auth.models import Group, Permission

    ensure_editorial_groups(Group, Permission)
