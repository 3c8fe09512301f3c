from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models.care import Medication
from people.models.person import Person


class PersonRequest(models.Model):
    """A help request opened for a registered person. Lives here because `cases` must not know `people`."""

    class Reason(models.TextChoices):
        RUNWAY = "runway", _("断药预警")
        CHECKIN = "checkin", _("探访发现需求")
        DOOR_VISIT = "door_visit", _("连续联系不上,需上门")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="request_links")
    help_request = models.ForeignKey("cases.HelpRequest", on_delete=models.CASCADE, related_name="+")
    medication = models.ForeignKey(
        Medication, null=True, blank=True, on_delete=models.SET_NULL, related_name="request_links"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    # Quantity of the delivered need lines already added to the stock, so a delivery counts once.
    applied_qty = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    settled = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("关联求助")
        verbose_name_plural = _("关联求助")
        indexes = [
            models.Index(fields=["help_request"]),
            models.Index(
                fields=["created_at"],
                name="person_request_unsettled",
                condition=models.Q(settled=False, medication__isnull=False),
            ),
        ]


class ShareGrant(models.Model):
    """Another organisation's coordinators may see this person (masked unless they reveal, audited)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shares")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("用途"), max_length=20)
    by_consent = models.BooleanField(default=True)
    reason = models.CharField(_("共享理由"), max_length=500, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("信息共享")
        verbose_name_plural = _("信息共享")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "org"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_share_per_org",
            )
        ]
