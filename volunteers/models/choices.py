"""Vocabulary of the volunteers app. Values are stored; labels are what coordinators read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Skill(models.TextChoices):
    DRIVER = "driver", _("司机")
    DOCTOR = "doctor", _("医生")
    NURSE = "nurse", _("护士")
    COUNSELLOR = "counsellor", _("心理咨询师")
    SOCIAL_WORKER = "social_worker", _("社工")
    TRANSLATOR = "translator", _("翻译")
    HOTLINE = "hotline", _("热线接线员")
    LOGISTICS = "logistics", _("物流")
    IT = "it", _("信息技术")


class Vehicle(models.TextChoices):
    CAR = "car", _("小汽车")
    VAN = "van", _("面包车/厢式货车")
    TRUCK = "truck", _("货车")
    E_BIKE = "e_bike", _("电动车")


# Sign language (手语) and 小语种 are translator languages; the matcher sees them as "translator:<code>".
SIGN_LANGUAGE = "sign"


class Tier(models.TextChoices):
    ONLINE = "online", _("线上志愿者")
    OFFLINE = "offline", _("线下志愿者")
    RESERVE = "reserve", _("预备志愿者")


class Health(models.TextChoices):
    FIT = "fit", _("健康")
    QUARANTINED = "quarantined", _("隔离中")
    SICK = "sick", _("生病")


class Duty(models.TextChoices):
    """Lines of work kept apart per volunteer per day (the "same people for everything" lesson)."""

    VERIFY = "verify", _("核实")
    DELIVER = "deliver", _("配送/探访")
    HOTLINE = "hotline", _("热线")
    CARE = "care", _("医护/心理")
    OTHER = "other", _("其他")


class ZoneStatus(models.TextChoices):
    SEALED = "sealed", _("封控区")
    CONTROLLED = "controlled", _("管控区")
    PRECAUTION = "precaution", _("防范区")
    OPEN = "open", _("已解封")
