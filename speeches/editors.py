"""The Editors group: who may add and correct documents and the rows around them."""
EDITORS_GROUP = "Editors"
EDITED_MODELS = ["document", "speaker", "person", "venue", "region", "country"]


def ensure_editors_group(group_model, permission_model):
    """Create the Editors group if needed and give it every permission on the edited models."""
    editors, _ = group_model.objects.get_or_create(name=EDITORS_GROUP)
    editors.permissions.add(*permission_model.objects.filter(
        content_type__app_label="speeches", content_type__model__in=EDITED_MODELS
    ))
    return editors


def grant_editors_permissions(sender, **kwargs):
    """post_migrate: new models' permissions reach the group, and test-database flushes recreate it."""
    from django.contrib.auth.models import Group, Permission

    ensure_editors_group(Group, Permission)
