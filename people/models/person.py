from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heli.lib.phones import mask_phone
from orgs.models import Incident, Organisation
from people.models.choices import ConsentPurpose, ConsentScope, DisabilityType, Vulnerability, vulns_of


class Person(models.Model):
    """A registered vulnerable person (重点对象). The owning org is responsible for their record."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("在册")
        HOSPITALISED = "hospitalised", _("住院")
        MOVED = "moved", _("已搬离")
        DECEASED = "deceased", _("已去世")

    org = models.ForeignKey(
        Organisation, verbose_name=_("登记机构"), on_delete=models.PROTECT, related_name="registered_persons"
    )
    # The org's network, copied at registration: every access query and dashboard filters on it.
    hub = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(
        Incident, verbose_name=_("事件"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=60)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    province_code = models.CharField(max_length=2, blank=True)
    city_code = models.CharField(max_length=4, blank=True)
    county_code = models.CharField(_("区县"), max_length=6, blank=True)
    township_code = models.CharField(_("街道乡镇"), max_length=9, blank=True)
    address_detail = models.CharField(_("详细地址"), max_length=200, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    vulnerabilities = models.JSONField(_("重点类别"), default=list, blank=True)
    vuln_mask = models.PositiveIntegerField(default=0)
    disability_type = models.CharField(
        _("残疾类别"), max_length=20, choices=DisabilityType.choices, blank=True
    )
    has_carer = models.BooleanField(_("有照护人"), default=False)
    carer_situation = models.CharField(_("照护情况"), max_length=300, blank=True)
    consent_scope = models.CharField(
        _("信息共享同意"), max_length=20, choices=ConsentScope.choices, default=ConsentScope.OWN_ORG
    )
    consent_purposes = models.JSONField(_("同意的用途"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    # Current guardian and backup, denormalised from Guardianship (which keeps the history) so access
    # checks and the coverage dashboard need no join.
    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("临时监护志愿者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guarded_persons",
    )
    backup = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("备岗志愿者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="backup_persons",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("重点对象")
        verbose_name_plural = _("重点人群台账")
        indexes = [
            # Covering indexes for the coverage dashboard's GROUP BY (an index-only scan at 100,000 rows).
            models.Index(
                fields=["hub", "county_code", "vuln_mask", "status", "guardian"], name="person_hub_cover"
            ),
            models.Index(
                fields=["org", "county_code", "vuln_mask", "status", "guardian"], name="person_org_cover"
            ),
            models.Index(fields=["hub", "status", "guardian"], name="person_hub_guardian"),
        ]
        constraints = [
            # Duplicates are refused by the database too, so two imports racing cannot both insert.
            models.UniqueConstraint(
                fields=["hub", "id_number"],
                condition=~models.Q(id_number=""),
                name="person_id_number_once_per_network",
            ),
            models.UniqueConstraint(
                fields=["hub", "name", "phone"], name="person_name_phone_once_per_network"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name[:1]}** #{self.pk}"

    @property
    def division_code(self) -> str:
        return self.township_code or self.county_code

    def vulnerability_labels(self) -> list[str]:
        return [str(Vulnerability(v).label) for v in vulns_of(self.vuln_mask)]

    def purpose_labels(self) -> list[str]:
        return [str(ConsentPurpose(p).label) for p in self.consent_purposes if p in ConsentPurpose.values]

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id(self) -> str:
        return f"{self.id_number[:4]}**********{self.id_number[-4:]}" if self.id_number else ""


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("配偶")
        CHILD = "child", _("子女")
        PARENT = "parent", _("父母")
        GRANDPARENT = "grandparent", _("祖父母/外祖父母")
        GRANDCHILD = "grandchild", _("孙子女")
        SIBLING = "sibling", _("兄弟姐妹")
        OTHER = "other", _("其他")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household")
    name = models.CharField(_("姓名"), max_length=60)
    relation = models.CharField(_("关系"), max_length=20, choices=Relation.choices)
    phone = models.CharField(_("电话"), max_length=20, blank=True)
    is_carer = models.BooleanField(_("是照护人"), default=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
