from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageImport(models.Model):
    """One uploaded file of messages (a WeChat group export, a crawl, a shared sheet)."""

    incident = models.ForeignKey("orgs.Incident", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    channel = models.CharField(max_length=20, default="wechat")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What was refused when the file was read (unreadable rows with reasons, repeats): kept on the
    # batch so every staff member who opens the import sees it, not only the one who uploaded it.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("消息导入")
        verbose_name_plural = _("消息导入")


class ImportedMessage(models.Model):
    """One row of an import: parsed up front, turned into a request/offer/link in steps."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待处理")
        CREATED = "created", _("已建求助")
        DUPLICATE = "duplicate", _("重复,已关联")
        OFFER = "offer", _("资源信息")
        OTHER = "other", _("非求助")
        SKIPPED = "skipped", _("跳过")

    batch = models.ForeignKey(MessageImport, on_delete=models.CASCADE, related_name="rows")
    incident_id = models.BigIntegerField()
    row = models.PositiveIntegerField()
    source_id = models.CharField(max_length=200, blank=True)
    # A hash of the source id and the text together: re-importing the same file creates nothing, while
    # another sheet that numbers its rows 1, 2, 3… too is still new.
    fingerprint = models.CharField(max_length=64)
    text = models.TextField()
    parsed = models.JSONField(default=dict)
    dup_row = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    reason = models.CharField(max_length=200, blank=True)
    help_request = models.ForeignKey(
        "cases.HelpRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offer = models.ForeignKey(
        "cases.Offer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["batch", "row"]
        constraints = [
            models.UniqueConstraint(fields=["incident_id", "fingerprint"], name="message_once_per_incident")
        ]
        indexes = [models.Index(fields=["batch", "outcome", "row"])]
