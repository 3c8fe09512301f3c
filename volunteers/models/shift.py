"""Shifts (班次/排班), the wellbeing rules that guard them, and the fatigue self-check."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation
from volunteers.models.choices import Duty
from volunteers.models.profile import VolunteerProfile
from volunteers.models.team import Team


class WellbeingPolicy(models.Model):
    """One per network; without a row the defaults below apply."""

    hub = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    max_hours_day = models.PositiveSmallIntegerField(_("每日最长(小时)"), default=10)
    max_hours_week = models.PositiveSmallIntegerField(_("每周最长(小时)"), default=48)
    min_rest_hours = models.PositiveSmallIntegerField(_("两班之间最少休息(小时)"), default=10)
    max_consecutive_days = models.PositiveSmallIntegerField(_("最多连续工作(天)"), default=6)
    max_consecutive_high_stress = models.PositiveSmallIntegerField(_("最多连续高压班次"), default=3)

    class Meta:
        verbose_name = _("轮岗休息规则")
        verbose_name_plural = _("轮岗休息规则")


class ShiftTemplate(models.Model):
    hub = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=60)  # e.g. 热线 早班
    duty = models.CharField(_("职责"), max_length=10, choices=Duty.choices, default=Duty.HOTLINE)
    start = models.TimeField(_("开始"))
    end = models.TimeField(_("结束"))  # not after start = ends the next day (20:00–08:00)
    high_stress = models.BooleanField(_("高压班次"), default=False)  # hotline, bereavement calls
    needed = models.PositiveSmallIntegerField(_("需要人数"), default=2)

    class Meta:
        verbose_name = _("班次模板")
        verbose_name_plural = _("班次模板")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "name", "start", "end"], name="shift_template_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start:%H:%M}–{self.end:%H:%M}"


class Shift(models.Model):
    hub = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="shifts")
    template = models.ForeignKey(ShiftTemplate, null=True, blank=True, on_delete=models.SET_NULL)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField(_("名称"), max_length=60)
    duty = models.CharField(_("职责"), max_length=10, choices=Duty.choices, default=Duty.HOTLINE)
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))
    high_stress = models.BooleanField(_("高压班次"), default=False)
    needed = models.PositiveSmallIntegerField(_("需要人数"), default=2)

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = _("班次")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["hub", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="shift_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {timezone.localtime(self.starts_at):%m-%d %H:%M}"

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class ShiftAssignment(models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("已排班")
        CHECKED_IN = "checked_in", _("已签到")
        DONE = "done", _("已签退")
        CANCELLED = "cancelled", _("已取消")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="shift_assignments")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    # Copied from the shift so the overlap and rest checks are one indexed query on this table.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    check_in_at = models.DateTimeField(null=True, blank=True)
    check_out_at = models.DateTimeField(null=True, blank=True)
    hours = models.DecimalField(_("工时"), max_digits=5, decimal_places=2, null=True, blank=True)
    override_reason = models.CharField(_("越过休息规则的理由"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["profile", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "profile"],
                condition=~models.Q(status="cancelled"),
                name="one_seat_per_shift",
            )
        ]


class FatigueCheck(models.Model):
    """A short self-check after a high-stress shift: three 0–4 answers; a high total flags rest."""

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="fatigue_checks")
    assignment = models.ForeignKey(ShiftAssignment, null=True, blank=True, on_delete=models.SET_NULL)
    exhaustion = models.PositiveSmallIntegerField(_("疲惫程度"))
    sleep = models.PositiveSmallIntegerField(_("睡眠不足"))
    distress = models.PositiveSmallIntegerField(_("情绪困扰"))
    note = models.CharField(_("想说的话"), max_length=300, blank=True)
    flagged = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    @property
    def total(self) -> int:
        return self.exhaustion + self.sleep + self.distress
