"""Zones under lockdown rules and the passes that let a volunteer into a sealed one."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation
from volunteers.models.choices import ZoneStatus
from volunteers.models.profile import VolunteerProfile


class Zone(models.Model):
    """A list of divisions/compounds, or a polygon; its status changes day by day."""

    hub = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=80)
    divisions = models.JSONField(_("区划代码"), default=list, blank=True)
    compounds = models.JSONField(_("小区"), default=list, blank=True)
    polygon = models.JSONField(_("范围(经纬度多边形)"), default=list, blank=True)  # [[lat, lon], ...]
    status = models.CharField(
        _("今日状态"), max_length=12, choices=ZoneStatus.choices, default=ZoneStatus.OPEN
    )
    status_on = models.DateField(_("状态日期"), default=timezone.localdate)

    class Meta:
        verbose_name = _("管控区域")
        verbose_name_plural = _("管控区域")
        constraints = [models.UniqueConstraint(fields=["hub", "name"], name="zone_name_per_hub")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def contains(self, lat: float | None, lon: float | None, division_code: str = "") -> bool:
        if division_code and any(division_code.startswith(d) for d in self.divisions):
            return True
        if lat is None or lon is None or len(self.polygon) < 3:
            return False
        inside = False  # ray casting; polygons are a few city blocks, so flat geometry is fine
        pts = self.polygon
        for (a_lat, a_lon), (b_lat, b_lon) in zip(pts, pts[1:] + pts[:1], strict=True):
            if (a_lat > lat) != (b_lat > lat):
                cross = a_lon + (lat - a_lat) * (b_lon - a_lon) / (b_lat - a_lat)
                if lon < cross:
                    inside = not inside
        return inside


class ZoneStatusChange(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=12, choices=ZoneStatus.choices)
    on = models.DateField(_("日期"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-created"]


class Pass(models.Model):
    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="passes")
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="passes")
    number = models.CharField(_("通行证编号"), max_length=40, blank=True)
    valid_until = models.DateTimeField(_("有效期至"))

    class Meta:
        verbose_name = _("通行证")
        verbose_name_plural = _("通行证")
        indexes = [models.Index(fields=["zone", "valid_until"])]

    def is_valid(self, at=None) -> bool:
        return self.valid_until > (at or timezone.now())
