from django.contrib import admin

from orgs.models import Incident, Membership, Organisation, UrgencyPolicy, WorkingGroup


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "verified"]
    list_filter = ["kind", "verified"]
    search_fields = ["name"]
    autocomplete_fields = ["service_areas"]
    inlines = [MembershipInline]


class PolicyInline(admin.TabularInline):
    model = UrgencyPolicy
    extra = 0


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["name", "code_prefix", "kind", "hub", "status", "started_at"]
    list_filter = ["kind", "status"]
    autocomplete_fields = ["area"]
    inlines = [PolicyInline]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "hub", "lead"]
    filter_horizontal = ["members"]
