"""Vocabulary shared by several apps (requests, registry, supplies)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedCategory(models.TextChoices):
    RESCUE = "rescue", _("救援")
    FOOD = "food", _("食品")
    WATER = "water", _("饮用水")
    MEDICINE = "medicine", _("药品")
    MEDICAL_CARE = "medical_care", _("就医")
    SUPPLIES = "supplies", _("物资")
    TRANSPORT = "transport", _("交通出行")
    SHELTER = "shelter", _("安置住所")
    CARE = "care", _("照护")
    PSYCHOLOGICAL = "psychological", _("心理支持")
    LIVELIHOOD = "livelihood", _("生计")
    MISSING_PERSON = "missing_person", _("寻人")
    POWER_COMMS = "power_comms", _("电力通讯")


class VulnerableGroup(models.TextChoices):
    ELDERLY = "elderly", _("老人")
    CHILD = "child", _("儿童")
    PREGNANT = "pregnant", _("孕产妇")
    DISABLED = "disabled", _("残障人士")
    CHRONIC_ILLNESS = "chronic_illness", _("慢性病患者")
    MIGRANT_WORKER = "migrant_worker", _("务工人员")
    LIVING_ALONE = "living_alone", _("独居")
