"""Field tasks (from help requests or shipments), who is asked to do them, and saved matching plans."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import HelpRequest
from orgs.models import Incident, Organisation
from volunteers.models.choices import Duty, Skill, Vehicle
from volunteers.models.profile import VolunteerProfile
from volunteers.models.zone import Zone


class Task(models.Model):
    class Kind(models.TextChoices):
        DELIVER = "deliver", _("送达物资")
        VERIFY_VISIT = "verify_visit", _("上门核实")
        ACCOMPANY = "accompany", _("陪同就医")
        CHECKIN_VISIT = "checkin_visit", _("上门探访")
        DRIVE = "drive", _("运输")

    class Status(models.TextChoices):
        OPEN = "open", _("待派单")
        PROPOSED = "proposed", _("方案中")
        ASSIGNED = "assigned", _("已派单")
        DONE = "done", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    hub = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="volunteer_tasks")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="+")
    help_request = models.ForeignKey(
        HelpRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shipment_ref = models.CharField(_("配送单号"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=120)
    skills = models.JSONField(_("所需技能"), default=list, blank=True)
    division_code = models.CharField(_("区划"), max_length=12, blank=True)
    address = models.CharField(_("地点"), max_length=200, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    window_start = models.DateTimeField(_("最早开始"))
    window_end = models.DateTimeField(_("最晚结束"))
    hours = models.DecimalField(_("所需时长(小时)"), max_digits=4, decimal_places=1, default=1)
    people = models.PositiveSmallIntegerField(_("需要人数"), default=1)
    urgency = models.PositiveSmallIntegerField(_("紧急程度"), default=3)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["urgency", "window_start"]
        indexes = [models.Index(fields=["hub", "status", "window_start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__gt=models.F("window_start")),
                name="task_window_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duty(self) -> str:
        return Duty.VERIFY if self.kind == self.Kind.VERIFY_VISIT else Duty.DELIVER

    @property
    def skill_labels(self) -> list[str]:
        """The requirements as people read them: the stored tokens (driver, vehicle:van,
        translator:sign) are the matcher's codes, not words."""
        out = []
        for token in self.skills:
            head, _sep, rest = token.partition(":")
            if head == "vehicle" and rest in Vehicle.values:
                out.append(str(Vehicle(rest).label))
            elif head in Skill.values:
                out.append(f"{Skill(head).label}({rest})" if rest else str(Skill(head).label))
            else:
                out.append(token)
        return out

    # Derived on read, not stored: a window passing changes no row, so nothing has to run on time.
    @property
    def has_live_volunteers(self) -> bool:
        """Someone confirmed or accepted is on it. Lists annotate `any_live` to spare a query a row."""
        annotated = getattr(self, "any_live", None)
        if annotated is not None:
            return annotated
        return self.assignments.filter(status__in=LIVE).exists()

    @property
    def is_missed(self) -> bool:
        """Nobody was sent before the window ended: reschedule or cancel. A partly staffed task
        that still waits for more people had someone go, so it awaits confirmation instead."""
        waiting = self.status in (self.Status.OPEN, self.Status.PROPOSED)
        return waiting and self.window_end <= timezone.now() and not self.has_live_volunteers

    @property
    def awaits_confirmation(self) -> bool:
        """Volunteers were sent, the window has ended, and nobody has marked it done."""
        if self.window_end > timezone.now():
            return False
        if self.status == self.Status.ASSIGNED:
            return True
        return self.status in (self.Status.OPEN, self.Status.PROPOSED) and self.has_live_volunteers


class MatchPlan(models.Model):
    """A saved proposal: what the solver suggested, what the coordinator changed, and what was left open."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        DISCARDED = "discarded", _("已作废")

    hub = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    objective = models.BigIntegerField(_("目标值"), default=0)
    assigned = models.PositiveIntegerField(_("已匹配"), default=0)
    unassigned = models.JSONField(
        _("未匹配及原因"), default=list, blank=True
    )  # [{"task": id, "open": n, "reason": ..}]
    seconds = models.FloatField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)


class TaskAssignment(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("建议")
        CONFIRMED = "confirmed", _("已派单")
        ACCEPTED = "accepted", _("已接受")
        DECLINED = "declined", _("已拒绝")
        REMOVED = "removed", _("已撤下")
        DONE = "done", _("已完成")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="task_assignments")
    plan = models.ForeignKey(MatchPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="rows")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    starts_at = models.DateTimeField(_("开始时间"))
    km = models.FloatField(_("距离(公里)"), default=0)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["profile", "status", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "profile"],
                condition=models.Q(status__in=["proposed", "confirmed", "accepted"]),
                name="one_live_row_per_task_volunteer",
            )
        ]

    @property
    def ends_at(self):  # noqa: ANN201 - a datetime
        from datetime import timedelta

        return self.starts_at + timedelta(hours=float(self.task.hours))


LIVE = (TaskAssignment.Status.CONFIRMED, TaskAssignment.Status.ACCEPTED)
