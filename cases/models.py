from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import NeedCategory, VulnerableGroup
from orgs.models import Incident, Organisation

User = settings.AUTH_USER_MODEL


class HelpRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("待核实")
        VERIFIED = "verified", _("已核实")
        CLAIMED = "claimed", _("已认领")
        IN_PROGRESS = "in_progress", _("处理中")
        DELIVERED = "delivered", _("已送达")
        CLOSED = "closed", _("已结案")
        ON_HOLD = "on_hold", _("暂缓")

    class Channel(models.TextChoices):
        HOTLINE = "hotline", _("热线")
        WECHAT = "wechat", _("微信群")
        WEIBO = "weibo", _("微博")
        WEB_FORM = "web_form", _("网上求助表")
        COMMUNITY_WORKER = "community_worker", _("社区工作者")
        PARTNER_ORG = "partner_org", _("伙伴机构")
        WALK_IN = "walk_in", _("现场登记")

    class CloseReason(models.TextChoices):
        FULFILLED = "fulfilled", _("已解决")
        PARTIAL = "partial", _("部分解决")
        DONE_BY_OTHERS = "done_by_others", _("他方已解决")
        NOT_NEEDED = "not_needed", _("不再需要")
        DUPLICATE = "duplicate", _("重复求助")
        UNREACHABLE = "unreachable", _("无法联系")
        OUT_OF_SCOPE = "out_of_scope", _("不在服务范围")
        FALSE_REPORT = "false_report", _("信息不实")

    # FK indexes are switched off where a composite index below starts with the column, or where
    # only a rare delete check would use it: each index is written on every insert (bulk intake).
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="help_requests",
                                 db_index=False)
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices)
    raw_text = models.TextField(_("原始信息"), blank=True)
    requester_name = models.CharField(_("求助人"), max_length=60)
    requester_phone = models.CharField(_("求助人电话"), max_length=20)
    for_other = models.BooleanField(_("代他人求助"), default=False)
    beneficiary_name = models.CharField(_("受助人"), max_length=60, blank=True)
    beneficiary_phone = models.CharField(_("受助人电话"), max_length=20, blank=True)
    province_code = models.CharField(max_length=2, blank=True)
    city_code = models.CharField(max_length=4, blank=True)
    county_code = models.CharField(_("区县"), max_length=6, blank=True)
    township_code = models.CharField(_("街道乡镇"), max_length=9, blank=True)
    address_detail = models.CharField(_("详细地址"), max_length=200, blank=True)
    # county code + normalised address: same key, same place (duplicate warning at intake)
    address_key = models.CharField(max_length=220, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    people_count = models.PositiveIntegerField(_("人数"), default=1)
    groups = models.JSONField(_("特殊群体"), default=list, blank=True)
    urgency = models.PositiveSmallIntegerField(_("紧急程度"), default=3)
    description = models.TextField(_("需求描述"), blank=True)
    consent_share = models.BooleanField(_("同意向伙伴机构共享"), default=False)

    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.NEW)
    held_from = models.CharField(max_length=12, choices=Status.choices, blank=True)
    claimed_by = models.ForeignKey(
        Organisation,
        verbose_name=_("认领机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claimed_requests",
    )
    assigned_to = models.ForeignKey(
        User,
        verbose_name=_("志愿者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_requests",
        db_index=False,  # hr_assigned covers it
    )
    close_reason = models.CharField(_("结案原因"), max_length=20, choices=CloseReason.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates", db_index=False
    )
    no_answer_count = models.PositiveSmallIntegerField(default=0)

    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   db_index=False)
    created_by_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    claim_due_at = models.DateTimeField()
    resolve_due_at = models.DateTimeField()
    # The deadline that applies in the current status (claim while unclaimed, resolution after);
    # stored so the triage queue can sort a million rows by an index.
    next_due_at = models.DateTimeField(null=True, blank=True)
    # The deadline `heli tick` last raised a breach for, so each breach alerts once.
    alerted_due_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("求助")
        verbose_name_plural = _("求助")
        indexes = [
            # urgency last: the queue's counts (status × urgency × overdue) read only this index.
            models.Index(fields=["incident", "status", "next_due_at", "urgency"], name="hr_queue"),
            models.Index(fields=["incident", "next_due_at"]),
            models.Index(fields=["incident", "county_code"]),
            models.Index(fields=["incident", "claimed_by", "status"]),
            # Partial where most rows are empty: every index costs each of the bulk inserts.
            models.Index(fields=["incident", "address_key"], name="hr_address_key",
                         condition=~models.Q(address_key="")),
            models.Index(fields=["requester_phone"]),
            models.Index(fields=["beneficiary_phone"], name="hr_beneficiary_phone",
                         condition=~models.Q(beneficiary_phone="")),
            models.Index(fields=["assigned_to", "status"], name="hr_assigned",
                         condition=models.Q(assigned_to__isnull=False)),
            models.Index(fields=["duplicate_of"], name="hr_duplicate_of",
                         condition=models.Q(duplicate_of__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        # Derived from the primary key: no counter row to contend on at 1,000 creates/s.
        return f"{self.incident.code_prefix}-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.CLOSED,)

    def is_overdue(self, now=None) -> bool:
        return self.next_due_at is not None and self.next_due_at < (now or timezone.now())

    def group_labels(self) -> list[str]:
        return [str(VulnerableGroup(g).label) for g in self.groups if g in VulnerableGroup.values]


class NeedLine(models.Model):
    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="needs")
    category = models.CharField(_("类别"), max_length=20, choices=NeedCategory.choices)
    item = models.CharField(_("物品/服务"), max_length=100, blank=True)
    qty_requested = models.PositiveIntegerField(_("需求数量"), null=True, blank=True)
    qty_delivered = models.PositiveIntegerField(_("已送达数量"), default=0)
    unit = models.CharField(_("单位"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("需求明细")
        verbose_name_plural = _("需求明细")

    @property
    def is_partial(self) -> bool:
        return self.qty_requested is not None and 0 < self.qty_delivered < self.qty_requested


class VerificationAttempt(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", _("电话")
        WECHAT = "wechat", _("微信")
        SMS = "sms", _("短信")
        VISIT = "visit", _("上门")

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("核实无误")
        CORRECTED = "corrected", _("核实并更正")
        NO_ANSWER = "no_answer", _("无人接听")
        WRONG_NUMBER = "wrong_number", _("号码错误")
        ALREADY_HELPED = "already_helped", _("已获帮助")
        NOT_NEEDED = "not_needed", _("不再需要")
        FALSE = "false", _("信息不实")

    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="attempts")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("核实记录")
        verbose_name_plural = _("核实记录")
        ordering = ["at"]


class Transfer(models.Model):
    """A referral (转介) of a claimed request to another member organisation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待接受")
        ACCEPTED = "accepted", _("已接受")
        REJECTED = "rejected", _("已拒绝")
        WITHDRAWN = "withdrawn", _("已撤销")  # the case was released or closed before anyone decided

    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="incoming_transfers")
    reason = models.CharField(_("转介原因"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("转介")
        verbose_name_plural = _("转介")
        constraints = [
            models.UniqueConstraint(
                fields=["help_request"], condition=models.Q(status="pending"), name="one_pending_transfer"
            )
        ]


class FollowUp(models.Model):
    class Outcome(models.TextChoices):
        SATISFIED = "satisfied", _("满意,结案")
        STILL_IN_NEED = "still_in_need", _("仍有需求")
        UNREACHABLE = "unreachable", _("无法联系")

    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="followups")
    due_at = models.DateTimeField(_("回访时间"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("回访结果"), max_length=20, choices=Outcome.choices, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        indexes = [
            models.Index(fields=["due_at"], name="followup_open", condition=models.Q(done_at__isnull=True))
        ]


class IdempotencyKey(models.Model):
    """Remembers an API client's Idempotency-Key so a retried POST returns the first result."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    help_request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    # SHA-256 of the first body as validated: the same key with a different body is a client bug
    # that would otherwise silently drop the second request. Empty on rows from before it existed.
    fingerprint = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once")]


class BulkKey(models.Model):
    """An Idempotency-Key of a bulk create: a retried batch (a timeout after 10,000 rows were saved)
    gets the first answer back instead of creating every row twice."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the incident and the parsed rows
    ids = models.JSONField(default=list)  # the requests created, in row order
    errors = models.JSONField(default=dict)  # refused rows as the service reported them
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="bulk_key_once")]


class Offer(models.Model):
    """Help offered (资源/可支援): water points, shelters, teams, goods. Later a pledge in supplies."""

    class Status(models.TextChoices):
        OPEN = "open", _("可用")
        USED = "used", _("已对接")
        WITHDRAWN = "withdrawn", _("已撤回")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="offers")
    channel = models.CharField(_("来源渠道"), max_length=20, choices=HelpRequest.Channel.choices)
    text = models.TextField(_("原始信息"))
    needs = models.JSONField(_("可提供"), default=list, blank=True)
    phones = models.JSONField(_("联系电话"), default=list, blank=True)
    province_code = models.CharField(max_length=2, blank=True)
    city_code = models.CharField(max_length=4, blank=True)
    county_code = models.CharField(max_length=6, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("资源信息")
        verbose_name_plural = _("资源信息")
        indexes = [models.Index(fields=["incident", "status", "created_at"])]

    def need_labels(self) -> list[str]:
        return [str(NeedCategory(n).label) for n in self.needs if n in NeedCategory.values]

    @property
    def place(self) -> str:
        from geo.divisions import path_names

        return path_names(self.county_code or self.city_code or self.province_code)
