"""Readers' alerts in the admin: what each follows, how often, its state and how much it has sent;
suspend and resume. Addresses are personal data: only superusers see them (editors and publishers
see each alert's counts, never who receives it), and alerts are made by readers only, never here."""
from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone

from speeches.models import Alert


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["description", "query", "frequency", "state", "created", "last_sent_at", "delivery_count",
                    "sent_count"]
    list_filter = ["state", "frequency"]
    search_fields = ["description", "query"]
    date_hierarchy = "created"
    actions = ["suspend", "resume"]
    fields = ["description", "query", "frequency", "state", "created", "confirmed_at", "checked_at", "last_sent_at",
              "delivery_count", "sent_count"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subscriber").annotate(
            deliveries_found=Count("deliveries"), deliveries_sent=Count("deliveries", filter=Q(deliveries__sent_at__isnull=False)))

    def get_list_display(self, request):
        return [*self.list_display, "email"] if request.user.is_superuser else self.list_display

    def get_fields(self, request, obj=None):
        return [*self.fields, "email"] if request.user.is_superuser else self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_search_fields(self, request):
        return [*self.search_fields, "subscriber__email"] if request.user.is_superuser else self.search_fields

    def has_add_permission(self, request):
        return False

    def lookup_allowed(self, lookup, value, request=None):
        """Only superusers filter by subscriber: ``?subscriber=1`` would show editors which alerts one
        reader follows, though never the address."""
        if lookup.split("__")[0] in {"subscriber", "subscriber_id"} and not (request and request.user.is_superuser):
            return False
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description="Documents found", ordering="deliveries_found")
    def delivery_count(self, alert):
        return alert.deliveries_found

    @admin.display(description="Documents sent", ordering="deliveries_sent")
    def sent_count(self, alert):
        return alert.deliveries_sent

    @admin.display(description="Email address")
    def email(self, alert):
        return alert.subscriber.email

    @admin.action(description="Suspend the selected alerts (nothing is sent until resumed)", permissions=["change"])
    def suspend(self, request, queryset):
        count = queryset.filter(state=Alert.State.ACTIVE).update(state=Alert.State.SUSPENDED)
        self.message_user(request, f"{count} alert(s) suspended.")

    @admin.action(description="Resume the selected alerts (documents published while suspended are not sent)",
                  permissions=["change"])
    def resume(self, request, queryset):
        # From now: a reader would otherwise get, at once, everything published while it was suspended.
        count = queryset.filter(state=Alert.State.SUSPENDED).update(state=Alert.State.ACTIVE, checked_at=timezone.now())
        self.message_user(request, f"{count} alert(s) resumed.")
