import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Offer
from core.choices import VulnerableGroup
from geo.divisions import path_names
from orgs.models import Incident
from supplies.models.catalogue import Item
from supplies.models.sites import Site


def new_token() -> str:
    # The donor's private feedback link: unguessable, not derived from the primary key.
    return secrets.token_urlsafe(24)


class Donor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("个人")
        COMPANY = "company", _("企业")
        FOUNDATION = "foundation", _("基金会")

    name = models.CharField(_("捐赠方"), max_length=120)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    contact = models.CharField(_("联系方式"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("捐赠方")
        verbose_name_plural = _("捐赠方")

    def __str__(self) -> str:
        return self.name


class Donation(models.Model):
    """Money or goods from one donor; conditions (定向捐赠) apply to every lot it becomes."""

    class Kind(models.TextChoices):
        MONEY = "money", _("资金")
        GOODS = "goods", _("物资")

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("已承诺")
        RECEIVED = "received", _("已入库")
        CANCELLED = "cancelled", _("已取消")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="donations")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="donations")
    kind = models.CharField(_("形式"), max_length=10, choices=Kind.choices)
    amount_yuan = models.DecimalField(_("金额(元)"), max_digits=14, decimal_places=2, null=True, blank=True)
    # money spent on purchases; raised only by a compare-and-set that keeps it ≤ amount_yuan
    spent_yuan = models.DecimalField(_("已支出(元)"), max_digits=14, decimal_places=2, default=0)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLEDGED)
    only_site_kinds = models.JSONField(_("仅限单位类型"), default=list, blank=True)
    only_groups = models.JSONField(_("仅限人群"), default=list, blank=True)
    only_division = models.CharField(_("仅限地区"), max_length=9, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    offer = models.OneToOneField(
        Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="donation"
    )
    feedback_token = models.CharField(max_length=40, unique=True, default=new_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        indexes = [models.Index(fields=["incident", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(spent_yuan__lte=models.F("amount_yuan")) | models.Q(spent_yuan=0),
                name="donation_spends_at_most_its_amount",
            )
        ]

    def __str__(self) -> str:
        return f"{self.donor} #{self.pk}"

    @property
    def remaining_yuan(self) -> Decimal:
        return (self.amount_yuan or Decimal(0)) - self.spent_yuan

    @property
    def restricted(self) -> bool:
        return bool(self.only_site_kinds or self.only_groups or self.only_division)

    @property
    def restriction_labels(self) -> list[str]:
        """The donor's conditions in the reader's language, not as stored codes."""
        kinds = [str(Site.Kind(k).label) for k in self.only_site_kinds if k in Site.Kind.values]
        groups = [str(VulnerableGroup(g).label) for g in self.only_groups if g in VulnerableGroup.values]
        place = [path_names(self.only_division) or self.only_division] if self.only_division else []
        return kinds + groups + place


class DonationLine(models.Model):
    donation = models.ForeignKey(Donation, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("承诺数量"))
    qty_received = models.PositiveIntegerField(_("实收数量"), default=0)
    # units on their way straight from the donor to a site (direct shipments not yet delivered)
    qty_direct = models.PositiveIntegerField(_("直送在途"), default=0)

    class Meta:
        verbose_name = _("捐赠明细")
        verbose_name_plural = _("捐赠明细")

    @property
    def unsent(self) -> int:
        """Pledged units neither received nor on their way to a site directly."""
        return max(self.quantity - self.qty_direct - self.qty_received, 0)
