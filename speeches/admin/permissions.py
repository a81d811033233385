"""Who may change what in the admin: Editors add and correct drafts; Publishers also publish, and
change what published pages show."""
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404

from speeches.editorial_groups import PUBLISH_PERMISSION


def can_publish(user):
    return user.has_perm(f"speeches.{PUBLISH_PERMISSION}")


class PublishedRowsNeedPublisher:
    """What published pages show is a publisher's to change or delete: an editor's rename, revert,
    merge or delete would change published pages unrecorded. The one place this rule lives: the
    change view, the delete view and actions ask ``has_change_permission``/``has_delete_permission``,
    and so, through ``history_form_view`` below, does a revert from the history."""

    def shown_on_published_pages(self, obj):
        """Whether ``obj`` is on published pages, as the catalogue's entries say (documents' admin says its own)."""
        return obj.shown_on_published_pages()

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_publish(request.user) and self.shown_on_published_pages(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_publish(request.user) and self.shown_on_published_pages(obj):
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_change_history_permission(self, request, obj=None):
        """Whether ``obj``, a revision, may be reverted: a revert changes the row as it is now (a
        deleted row comes back, asked as an addition), not the revision shown."""
        current = self.model._default_manager.filter(pk=obj.pk).first() if obj is not None else None
        if obj is not None and current is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, current)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Refuse a revert the change view would refuse. django-simple-history asks only whether the
        user may *view* the revision, then saves what is posted, so an editor's post retitled and
        unpublished published documents (https://github.com/jazzband/django-simple-history, admin.py).
        Ids that are not numbers are not found (simple-history would fail on them)."""
        if not (str(object_id).isdigit() and str(version_id).isdigit()):
            raise Http404("No such revision.")
        if request.method == "POST":
            revision = self.model.history.filter(
                **{self.model._meta.pk.attname: unquote(object_id), "history_id": version_id}).first()
            if revision is not None and not self.has_change_history_permission(request, revision.instance):
                raise PermissionDenied("Only a publisher reverts what published pages show.")
        return super().history_form_view(request, object_id, version_id, extra_context)
