from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from orgs.models import Incident, Membership, Organisation, UrgencyPolicy, WorkingGroup
from orgs.services import reference_change_record


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete in these pages writes one audit Event (the admin's own LogEntry is
    not the project's audit log), including rows edited in an inline."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "changed" if change else "added"
        reference_change_record(actor=request.user, obj=obj, action=action, changed=form.changed_data)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        reference_change_record(actor=request.user, obj=obj, action="deleted")  # before the pk is gone
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            reference_change_record(actor=request.user, obj=obj, action="deleted")
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk:
                reference_change_record(actor=request.user, obj=inline_form.instance, action="deleted")
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            reference_change_record(actor=request.user, obj=obj, action="added")
        for obj, changed in formset.changed_objects:
            reference_change_record(actor=request.user, obj=obj, action="changed", changed=changed)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "parent", "verified"]
    list_filter = ["kind", "verified"]
    search_fields = ["name"]
    autocomplete_fields = ["service_areas"]
    inlines = [MembershipInline]


class PolicyInline(admin.TabularInline):
    model = UrgencyPolicy
    extra = 0


@admin.register(Incident)
class IncidentAdmin(AuditedAdmin):
    list_display = ["name", "code_prefix", "kind", "hub", "status", "started_at"]
    list_filter = ["kind", "status"]
    autocomplete_fields = ["area"]
    inlines = [PolicyInline]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(AuditedAdmin):
    list_display = ["name", "hub", "lead"]
    filter_horizontal = ["members"]
