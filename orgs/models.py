import time
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import NeedCategory


class Organisation(models.Model):
    class Kind(models.TextChoices):
        HUB = "hub", _("枢纽组织")
        SOCIAL_WORK = "social_work", _("社工机构")
        VOLUNTEER_TEAM = "volunteer_team", _("志愿者团队")
        FOUNDATION = "foundation", _("基金会")
        COMMUNITY = "community", _("社区")
        COMPANY = "company", _("企业")
        GOVERNMENT = "government", _("政府部门")

    name = models.CharField(_("名称"), max_length=120, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属枢纽"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"kind": "hub"},
    )
    service_areas = models.ManyToManyField("geo.Division", verbose_name=_("服务区域"), blank=True)
    capabilities = models.JSONField(_("服务类别"), default=list, blank=True)
    verified = models.BooleanField(_("已认证"), default=False)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def hub_id(self) -> int:
        """The network this org belongs to: a hub is its own network."""
        return self.pk if self.kind == self.Kind.HUB or self.parent_id is None else self.parent_id

    def capability_labels(self) -> list[str]:
        return [str(NeedCategory(c).label) for c in self.capabilities if c in NeedCategory.values]


class Membership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("协调员")
        OPERATOR = "operator", _("热线/核实员")
        VOLUNTEER = "volunteer", _("志愿者")
        VIEWER = "viewer", _("只读查看")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("成员身份")
        verbose_name_plural = _("成员身份")
        constraints = [models.UniqueConstraint(fields=["user", "org"], name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.org} ({self.role})"


class WorkingGroup(models.Model):
    hub = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("名称"), max_length=60)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="working_groups")

    class Meta:
        verbose_name = _("工作组")
        verbose_name_plural = _("工作组")
        constraints = [models.UniqueConstraint(fields=["hub", "name"], name="working_group_name_per_hub")]

    def __str__(self) -> str:
        return self.name


class Incident(models.Model):
    class Kind(models.TextChoices):
        EPIDEMIC = "epidemic", _("疫情")
        LOCKDOWN = "lockdown", _("封控")
        FLOOD = "flood", _("洪涝")
        EARTHQUAKE = "earthquake", _("地震")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        ACTIVE = "active", _("响应中")
        CLOSED = "closed", _("已结束")

    name = models.CharField(_("名称"), max_length=120)
    code_prefix = models.CharField(_("编号前缀"), max_length=6, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    hub = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="incidents")
    area = models.ForeignKey(
        "geo.Division", verbose_name=_("区域"), null=True, blank=True, on_delete=models.PROTECT
    )
    started_at = models.DateTimeField(_("开始时间"))
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    reverify_after_hours = models.PositiveIntegerField(_("核实后无进展转复核(小时)"), default=24)
    followup_after_days = models.PositiveIntegerField(_("送达后回访(天)"), default=3)

    class Meta:
        verbose_name = _("事件")
        verbose_name_plural = _("事件")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.name

    def deadlines(self, urgency: int) -> tuple[timedelta, timedelta]:
        claim, resolve = policy_minutes(self)[urgency]
        return timedelta(minutes=claim), timedelta(minutes=resolve)


# Per-process cache of each incident's policy: intake reads it on every request, a coordinator changes it
# rarely. The editing process clears it at once; other server processes follow within POLICY_TTL seconds.
POLICY_TTL = 30.0
_policy_cache: dict[int, tuple[float, dict[int, tuple[int, int]]]] = {}


def policy_minutes(incident: "Incident") -> dict[int, tuple[int, int]]:
    prefetched = getattr(incident, "_prefetched_objects_cache", {}).get("policies")
    if prefetched is not None:
        return {**DEFAULT_POLICY, **{p.level: (p.claim_minutes, p.resolve_minutes) for p in prefetched}}
    cached = _policy_cache.get(incident.pk)
    now = time.monotonic()
    if cached is None or cached[0] < now:
        rows = UrgencyPolicy.objects.filter(incident_id=incident.pk).values_list(
            "level", "claim_minutes", "resolve_minutes")
        cached = (now + POLICY_TTL, {**DEFAULT_POLICY, **{lv: (c, r) for lv, c, r in rows}})
        _policy_cache[incident.pk] = cached
    return cached[1]


def policy_cache_clear(incident_id: int | None = None) -> None:
    if incident_id is None:
        _policy_cache.clear()
    else:
        _policy_cache.pop(incident_id, None)


# level: (minutes to first action, minutes to resolution)
DEFAULT_POLICY = {
    1: (120, 24 * 60),
    2: (12 * 60, 72 * 60),
    3: (48 * 60, 7 * 24 * 60),
    4: (7 * 24 * 60, 30 * 24 * 60),
}


class UrgencyPolicy(models.Model):
    class Level(models.IntegerChoices):
        L1 = 1, _("一级(危及生命)")
        L2 = 2, _("二级(1-3天内受损)")
        L3 = 3, _("三级(一周内)")
        L4 = 4, _("四级(不紧急)")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="policies")
    level = models.PositiveSmallIntegerField(_("紧急程度"), choices=Level.choices)
    claim_minutes = models.PositiveIntegerField(_("响应时限(分钟)"))
    resolve_minutes = models.PositiveIntegerField(_("解决时限(分钟)"))

    class Meta:
        verbose_name = _("响应时限")
        verbose_name_plural = _("响应时限")
        constraints = [models.UniqueConstraint(fields=["incident", "level"], name="one_policy_per_level")]
        ordering = ["level"]
