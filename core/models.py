from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """Append-only audit log (操作记录). Written only by service functions, in their transaction."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=40)
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    incident_id = models.BigIntegerField(null=True, blank=True)
    org_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        indexes = [models.Index(fields=["subject_type", "subject_id", "created"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}#{self.subject_id}"


class Alert(models.Model):
    """An in-app alert (提醒) for one user; `key` makes raising it idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    key = models.CharField(max_length=160)
    # The text as raised (default language), and the msgid + parameters to show it in the reader's.
    message = models.CharField(max_length=300)
    template = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="alert_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"])]

    @property
    def text(self) -> str:
        from core.messages import render

        return render(self.template, self.params, self.message)


class Outbox(models.Model):
    """Emails waiting to be sent after commit by `heli tick` (no broker needed)."""

    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")
        indexes = [
            models.Index(fields=["created"], name="outbox_unsent", condition=models.Q(sent_at__isnull=True))
        ]


class Throttle(models.Model):
    """A fixed-window counter (e.g. public form posts per IP per hour), shared by all server processes."""

    key = models.CharField(max_length=120, primary_key=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
