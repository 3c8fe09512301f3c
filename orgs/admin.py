import re
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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
    """Shown, not edited: the deadlines change only through the policy editor, which checks them
    (positive, resolution ≥ first action), audits the change and clears the policy cache."""

    model = UrgencyPolicy
    extra = 0
    can_delete = False
    readonly_fields = ["level", "claim_minutes", "resolve_minutes"]
    verbose_name_plural = _("响应时限(在响应时限页面修改)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["name", "code_prefix", "kind", "hub", "area", "started_at", "ended_at", "status",
                  "reverify_after_hours", "followup_after_days"]

    def clean_code_prefix(self) -> str:
        # Request codes are read back in capitals (xa-000001 → XA) and split at the last dash.
        prefix = self.cleaned_data["code_prefix"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{1,6}", prefix):
            raise forms.ValidationError(_("编号前缀只能用 1 到 6 个字母或数字,如 XA。"))
        return prefix


@admin.register(Incident)
class IncidentAdmin(AuditedAdmin):
    form = IncidentForm
    list_display = ["name", "code_prefix", "kind", "hub", "status", "started_at", "policy_link"]
    list_filter = ["kind", "status"]
    autocomplete_fields = ["area"]
    readonly_fields = ["policy_link"]
    inlines = [PolicyInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Renaming the prefix would change the code of every request already given to a requester.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "code_prefix"] if obj is not None else fields

    @admin.display(description=_("响应时限"))
    def policy_link(self, obj: Incident) -> str:
        if obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("orgs:policy", args=[obj.pk]), _("修改响应时限"))


@admin.register(WorkingGroup)
class WorkingGroupAdmin(AuditedAdmin):
    list_display = ["name", "hub", "lead"]
    filter_horizontal = ["members"]
