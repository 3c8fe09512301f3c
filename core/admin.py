from typing import Any

from django.contrib import admin

from core.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services and never edited."""

    list_display = ["created", "kind", "subject_type", "subject_id", "actor"]
    list_filter = ["kind", "subject_type"]
    search_fields = ["subject_id"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
