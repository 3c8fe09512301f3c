from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Incident
from supplies.models.sites import SiteNeed
from supplies.models.stock import StockLot


class AllocationPlan(models.Model):
    """A proposed split of stock over open needs (调配方案), with its figures next to FCFS's."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草案")
        APPROVED = "approved", _("已批准")
        DISCARDED = "discarded", _("已作废")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="allocation_plans")
    items = models.ManyToManyField("supplies.Item", verbose_name=_("物资"), related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    metrics = models.JSONField(default=dict, blank=True)  # {"fair": {...}, "fcfs": {...}}
    edited = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("调配方案")
        verbose_name_plural = _("调配方案")


class PlanLine(models.Model):
    plan = models.ForeignKey(AllocationPlan, on_delete=models.CASCADE, related_name="lines")
    lot = models.ForeignKey(StockLot, on_delete=models.PROTECT, related_name="+")
    need = models.ForeignKey(SiteNeed, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("数量"))
    km = models.FloatField(default=0)
