"""Every write to volunteers, shifts, zones and tasks (`grep -E "def (volunteer|shift|task|plan)_"`)."""

from volunteers.services.assignments import (
    check_pair,
    plan_confirm,
    plan_row_add,
    plan_row_remove,
    task_accept,
    task_decline,
    task_done,
)
from volunteers.services.availability import availability_exception_add, availability_exception_remove
from volunteers.services.importing import import_preview, import_run
from volunteers.services.matching import match_run, plan_discard, rank_for_task
from volunteers.services.registration import (
    ProfileInput,
    SkillInput,
    volunteer_decide,
    volunteer_register,
    volunteer_set_health,
)
from volunteers.services.shifts import (
    fatigue_record,
    shift_assign,
    shift_attendance_record,
    shift_check_in,
    shift_check_out,
    shift_create,
    shift_from_template,
    shift_template_create,
    shift_unassign,
)
from volunteers.services.tasks import (
    RESCHEDULABLE,
    TaskInput,
    task_cancel,
    task_create,
    task_for_shipment,
    task_from_help_request,
    task_reschedule,
)
from volunteers.services.teams import (
    subsidy_record,
    team_add_member,
    team_create,
    team_remove_member,
    team_set_lead,
)
from volunteers.services.zones import pass_issue, zone_create, zone_set_status

__all__ = [
    "availability_exception_add",
    "availability_exception_remove",
    "RESCHEDULABLE",
    "ProfileInput",
    "SkillInput",
    "TaskInput",
    "check_pair",
    "fatigue_record",
    "import_preview",
    "import_run",
    "match_run",
    "pass_issue",
    "plan_confirm",
    "plan_discard",
    "plan_row_add",
    "plan_row_remove",
    "rank_for_task",
    "shift_assign",
    "shift_check_in",
    "shift_check_out",
    "shift_create",
    "shift_attendance_record",
    "shift_from_template",
    "shift_template_create",
    "shift_unassign",
    "subsidy_record",
    "team_add_member",
    "team_create",
    "team_remove_member",
    "team_set_lead",
    "task_accept",
    "task_cancel",
    "task_create",
    "task_decline",
    "task_done",
    "task_reschedule",
    "task_for_shipment",
    "task_from_help_request",
    "volunteer_decide",
    "volunteer_register",
    "volunteer_set_health",
    "zone_create",
    "zone_set_status",
]
