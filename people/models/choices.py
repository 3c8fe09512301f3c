"""Vocabulary of the registry. Values are stored; labels are what coordinators read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vulnerability(models.TextChoices):
    ELDERLY_80 = "elderly_80", _("高龄(80岁以上)")
    LIVING_ALONE = "living_alone", _("独居")
    DISABLED = "disabled", _("残障")
    LEFT_BEHIND_CHILD = "left_behind_child", _("留守儿童")
    DE_FACTO_ORPHAN = "de_facto_orphan", _("事实孤儿")
    PREGNANT = "pregnant", _("孕产妇")
    CHRONIC_ILLNESS = "chronic_illness", _("慢性病")
    RARE_DISEASE = "rare_disease", _("罕见病")
    MENTAL_ILLNESS = "mental_illness", _("精神障碍")
    DIALYSIS = "dialysis", _("透析患者")


# One bit per vulnerability, so the coverage dashboard can GROUP BY an integer column instead of
# unnesting a JSON list (which SQLite and PostgreSQL do differently and slowly). Never reorder.
VULN_BITS: dict[str, int] = {v: 1 << i for i, v in enumerate(Vulnerability.values)}


def vuln_mask(values: list[str]) -> int:
    mask = 0
    for value in values:
        mask |= VULN_BITS[value]
    return mask


def vulns_of(mask: int) -> list[str]:
    return [v for v, bit in VULN_BITS.items() if mask & bit]


class DisabilityType(models.TextChoices):
    VISUAL = "visual", _("视力残疾")
    HEARING = "hearing", _("听力残疾")
    SPEECH = "speech", _("言语残疾")
    PHYSICAL = "physical", _("肢体残疾")
    INTELLECTUAL = "intellectual", _("智力残疾")
    MENTAL = "mental", _("精神残疾")
    MULTIPLE = "multiple", _("多重残疾")


class ConsentScope(models.TextChoices):
    OWN_ORG = "own_org", _("仅登记机构及监护志愿者")
    NETWORK = "network", _("可向协作网络内机构共享")


class ConsentPurpose(models.TextChoices):
    CARE = "care", _("探访照护")
    SUPPLIES = "supplies", _("物资药品配送")
    MEDICAL = "medical", _("就医转介")


class Cadence(models.TextChoices):
    DAILY = "daily", _("每天")
    EVERY_2_DAYS = "every_2_days", _("每两天")
    WEEKLY = "weekly", _("每周")


class Channel(models.TextChoices):
    PHONE = "phone", _("电话")
    WECHAT = "wechat", _("微信")
    DOOR = "door", _("上门")


class Outcome(models.TextChoices):
    FINE = "fine", _("一切正常")
    NEEDS = "needs", _("需要帮助")
    NOT_REACHABLE = "not_reachable", _("联系不上")
    HOSPITALISED = "hospitalised", _("已住院")
    MOVED = "moved", _("已搬离")
    DECEASED = "deceased", _("已去世")
