from django.db import models
from django.utils.translation import gettext_lazy as _


class Division(models.Model):
    """A GB/T 2260 administrative division (statistical code), province down to township."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省")
        CITY = 2, _("市")
        COUNTY = 3, _("区县")
        TOWNSHIP = 4, _("乡镇街道")

    code = models.CharField(max_length=12, primary_key=True)
    name = models.CharField(max_length=64, db_index=True)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
