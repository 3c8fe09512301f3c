from django.contrib import admin

from volunteers.models import (
    MatchPlan,
    Pass,
    Shift,
    ShiftTemplate,
    Task,
    Team,
    VolunteerProfile,
    WellbeingPolicy,
    Zone,
)


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "org", "tier", "health", "status"]
    list_filter = ["tier", "health", "status"]
    search_fields = ["name", "phone"]


for model in (Pass, Shift, ShiftTemplate, Task, Team, WellbeingPolicy, Zone, MatchPlan):
    admin.site.register(model)
