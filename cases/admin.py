"""Help requests hold personal data: the admin shows reference fields only and changes nothing;
all changes go through the pages and API so they are scoped and audited."""

from typing import Any

from django.contrib import admin

from cases.models import HelpRequest


@admin.register(HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "incident", "status", "urgency", "county_code", "claimed_by", "created_at"]
    list_filter = ["status", "urgency", "incident"]
    fields = ["incident", "status", "urgency", "county_code", "claimed_by", "created_at", "close_reason"]
    readonly_fields = fields

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
