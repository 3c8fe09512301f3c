"""A volunteer: who they are, what they can do, when they are free, and where they may go."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation
from volunteers.models.choices import Health, Skill, Tier, Vehicle


class VolunteerProfile(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")
        INACTIVE = "inactive", _("已停用")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer")
    hub = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The org that registered or approved the volunteer; further orgs come through Membership.
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="volunteer_profiles")
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("电话"), max_length=20)
    division_code = models.CharField(_("常住区划"), max_length=12, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lon = models.FloatField(_("经度"), null=True, blank=True)
    tier = models.CharField(_("志愿者类型"), max_length=10, choices=Tier.choices, default=Tier.OFFLINE)
    health = models.CharField(_("健康状况"), max_length=12, choices=Health.choices, default=Health.FIT)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    capacity = models.PositiveSmallIntegerField(_("同时可接任务数"), default=3)
    insurance_policy = models.CharField(_("保险单号"), max_length=60, blank=True)
    insurance_valid_to = models.DateField(_("保险有效期至"), null=True, blank=True)
    # Set by a fatigue self-check or a coordinator: not matched or scheduled until then.
    rest_until = models.DateTimeField(_("休息至"), null=True, blank=True)
    needs_support = models.BooleanField(_("需要心理支持"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        indexes = [models.Index(fields=["hub", "status", "tier"]), models.Index(fields=["org", "status"])]

    def __str__(self) -> str:
        return self.name

    def is_fit(self, now=None) -> bool:
        now = now or timezone.now()
        return self.health == Health.FIT and not (self.rest_until and self.rest_until > now)

    def insured(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (
            bool(self.insurance_policy)
            and self.insurance_valid_to is not None
            and self.insurance_valid_to >= on
        )


class VolunteerSkill(models.Model):
    class Level(models.IntegerChoices):
        BASIC = 1, _("初级")
        SKILLED = 2, _("熟练")
        EXPERT = 3, _("专业/持证")

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.CharField(_("技能"), max_length=20, choices=Skill.choices)
    level = models.PositiveSmallIntegerField(_("水平"), choices=Level.choices, default=Level.SKILLED)
    vehicle = models.CharField(_("车辆类型"), max_length=10, choices=Vehicle.choices, blank=True)
    languages = models.JSONField(_("语言"), default=list, blank=True)  # translator: e.g. ["en", "sign", "ur"]

    class Meta:
        verbose_name = _("技能")
        verbose_name_plural = _("技能")
        constraints = [models.UniqueConstraint(fields=["profile", "skill"], name="one_row_per_skill")]

    def tokens(self) -> set[str]:
        """What the matcher sees: the skill, plus one token per language or vehicle."""
        out = {self.skill}
        out |= {f"translator:{lang}" for lang in self.languages}
        if self.vehicle:
            out.add(f"vehicle:{self.vehicle}")
        return out


class Availability(models.Model):
    """A weekly pattern: free on this weekday between these times (local time)."""

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("星期"))  # 0 = Monday
    start = models.TimeField(_("开始"))
    end = models.TimeField(_("结束"))

    class Meta:
        verbose_name = _("可服务时间")
        verbose_name_plural = _("可服务时间")
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="avail_end_after_start"
            )
        ]


class AvailabilityException(models.Model):
    """A one-off change to the pattern: away (e.g. quarantined at home) or extra time free."""

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="exceptions")
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))
    available = models.BooleanField(_("可服务"), default=False)
    note = models.CharField(_("说明"), max_length=120, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="exc_end_after_start"
            )
        ]


class Subsidy(models.Model):
    class Kind(models.TextChoices):
        TRANSPORT = "transport", _("交通补贴")
        PHONE = "phone", _("通讯补贴")
        MEALS = "meals", _("餐补")

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="subsidies")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(_("金额(元)"), max_digits=8, decimal_places=2)
    paid_on = models.DateField(_("发放日期"))

    class Meta:
        verbose_name = _("补贴")
        verbose_name_plural = _("补贴")
