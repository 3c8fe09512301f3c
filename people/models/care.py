import math
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models.choices import Cadence, Channel, Outcome
from people.models.person import Person

User = settings.AUTH_USER_MODEL


class Medication(models.Model):
    """A medicine or critical supply a person cannot go without.

    Stores counts, never "days left": days left is derived on read from the last count. The two
    dates below are the same arithmetic stored so `heli tick` can select what needs ordering by an index.
    """

    class Kind(models.TextChoices):
        DRUG = "drug", _("药品")
        INSULIN = "insulin", _("胰岛素")
        DIALYSIS = "dialysis", _("透析")
        OXYGEN = "oxygen", _("氧气")
        OTHER = "other", _("其他必需品")

    class Source(models.TextChoices):
        PHARMACY = "pharmacy", _("药店")
        HOSPITAL = "hospital", _("医院")
        OTHER = "other", _("其他")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="medications")
    item = models.CharField(_("药品/物品"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.DRUG)
    unit = models.CharField(_("单位"), max_length=12, blank=True)
    daily_use = models.DecimalField(_("每日用量"), max_digits=10, decimal_places=2)
    on_hand = models.DecimalField(_("现有数量"), max_digits=10, decimal_places=2)
    last_counted_at = models.DateTimeField(_("清点时间"))
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.PHARMACY)
    cold_chain = models.BooleanField(_("需冷链"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(_("提前预警天数"), default=3)
    active = models.BooleanField(default=True)
    runs_out_on = models.DateField(null=True, blank=True)
    reorder_on = models.DateField(null=True, blank=True)
    # The request the runway tick opened and that is not delivered yet, and the runs-out date it was
    # opened for: a request opens once per stock level, not every night.
    pending_request = models.ForeignKey(
        "cases.HelpRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_for = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("药品/必需品")
        verbose_name_plural = _("药品/必需品")
        indexes = [
            models.Index(
                fields=["reorder_on"],
                name="medication_reorder",
                condition=models.Q(active=True, pending_request__isnull=True),
            ),
            models.Index(fields=["runs_out_on"], name="medication_runs_out", condition=models.Q(active=True)),
        ]

    def __str__(self) -> str:
        return self.item

    @staticmethod
    def dates(
        on_hand: Decimal, daily_use: Decimal, counted: datetime, lead: int
    ) -> tuple[date | None, date | None]:
        if daily_use <= 0:
            return None, None
        runs_out = timezone.localdate(counted) + timedelta(days=math.floor(on_hand / daily_use))
        return runs_out, runs_out - timedelta(days=lead)

    def days_counted_ago(self, now: datetime | None = None) -> int:
        return max(
            (timezone.localdate(now or timezone.now()) - timezone.localdate(self.last_counted_at)).days, 0
        )

    def estimate_on_hand(self, now: datetime | None = None) -> Decimal:
        """on_hand − daily_use × whole days since the count (calendar days, like `runs_out_on`)."""
        return max(self.on_hand - self.daily_use * self.days_counted_ago(now), Decimal(0))

    def days_left(self, now: datetime | None = None) -> int | None:
        if self.runs_out_on is None:
            return None
        return (self.runs_out_on - timezone.localdate(now or timezone.now())).days


class Guardianship(models.Model):
    """Who guards a person, and from when to when (临时监护). Rows are never edited but to close them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="guardianships")
    guardian = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    backup = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_at = models.DateTimeField(default=timezone.now)
    to_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("监护安排")
        verbose_name_plural = _("监护安排")
        ordering = ["from_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(to_at__isnull=True), name="one_current_guardianship"
            )
        ]


class GuardianAbsence(models.Model):
    """A guardian who cannot serve (quarantined, sick, off duty, left): suggestions skip them."""

    class Reason(models.TextChoices):
        QUARANTINED = "quarantined", _("被隔离")
        SICK = "sick", _("生病")
        OFF_DUTY = "off_duty", _("轮休")
        LEFT = "left", _("已离开")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("原因"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    from_at = models.DateTimeField(default=timezone.now)
    to_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("志愿者不可用")
        verbose_name_plural = _("志愿者不可用")
        indexes = [
            models.Index(fields=["user"], name="absence_current", condition=models.Q(to_at__isnull=True))
        ]


INTERVAL = {
    Cadence.DAILY: timedelta(days=1),
    Cadence.EVERY_2_DAYS: timedelta(days=2),
    Cadence.WEEKLY: timedelta(days=7),
}
# How late a check-in may be before the backup is alerted; twice this alerts the coordinator.
GRACE = {
    Cadence.DAILY: timedelta(hours=6),
    Cadence.EVERY_2_DAYS: timedelta(hours=12),
    Cadence.WEEKLY: timedelta(hours=24),
}


class CheckInPlan(models.Model):
    class Level(models.IntegerChoices):
        NONE = 0, _("未逾期")
        BACKUP = 1, _("已提醒备岗")
        COORDINATOR = 2, _("已上报协调员")

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="plan")
    cadence = models.CharField(_("联络频率"), max_length=20, choices=Cadence.choices, default=Cadence.DAILY)
    channel = models.CharField(_("联络方式"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    active = models.BooleanField(default=True)
    next_due_at = models.DateTimeField(null=True, blank=True)
    # When `heli tick` must next escalate (due + grace, then due + 2×grace); null once nothing is left
    # to do. One indexed column keeps the tick a range scan at any size.
    escalate_at = models.DateTimeField(null=True, blank=True)
    alert_level = models.PositiveSmallIntegerField(default=Level.NONE, choices=Level.choices)
    unreachable_streak = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("探访计划")
        verbose_name_plural = _("探访计划")
        indexes = [
            models.Index(
                fields=["escalate_at"], name="plan_escalate", condition=models.Q(escalate_at__isnull=False)
            ),
            models.Index(fields=["next_due_at"], name="plan_due", condition=models.Q(active=True)),
        ]

    @property
    def grace(self) -> timedelta:
        return GRACE[Cadence(self.cadence)]

    @property
    def interval(self) -> timedelta:
        return INTERVAL[Cadence(self.cadence)]

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.next_due_at is not None and self.next_due_at + self.grace < (now or timezone.now())


class CheckIn(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="checkins")
    # Copied from the person so the 7-day on-time rate is one indexed aggregate.
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    county_code = models.CharField(max_length=6, blank=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(_("联络方式"), max_length=10, choices=Channel.choices)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("探访记录")
        verbose_name_plural = _("探访记录")
        ordering = ["-at"]
        indexes = [models.Index(fields=["org", "at"]), models.Index(fields=["person", "at"])]


class CheckInDay(models.Model):
    """Check-ins per org, district and day: the 7-day on-time rate reads ~100 rows instead of scanning
    every check-in. Written by `checkin_record` in the same transaction as the check-in."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    county_code = models.CharField(max_length=6, blank=True)
    day = models.DateField()
    n = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "county_code", "day"], name="one_checkin_day")]
