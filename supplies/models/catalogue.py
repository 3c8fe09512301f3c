from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    PROTECTIVE = "protective", _("防护用品")
    DEVICE = "device", _("医疗器械")
    MEDICINE = "medicine", _("药品")
    FOOD = "food", _("食品")
    DAILY = "daily", _("生活用品")
    DISINFECTION = "disinfection", _("消杀用品")
    OTHER = "other", _("其他")


# Above any real consignment, below PostgreSQL's integer limit (2,147,483,647): a mistyped 10^12
# is refused with a message instead of failing the write.
MAX_QTY = 10_000_000


class Unit(models.TextChoices):
    """Counting units we accept; anything else is refused so quantities stay comparable."""

    PIECE = "piece", _("只/个")
    SET = "set", _("套/件")
    PAIR = "pair", _("副/双")
    BOX = "box", _("盒")
    CASE = "case", _("箱")
    BOTTLE = "bottle", _("瓶")
    BARREL = "barrel", _("桶")
    BAG = "bag", _("袋")
    KG = "kg", _("公斤")
    LITRE = "litre", _("升")
    UNIT = "unit", _("台")


class Item(models.Model):
    """One thing in the catalogue; ``aliases`` are the other names people use for it ("N95")."""

    name = models.CharField(_("名称"), max_length=80, unique=True)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    unit = models.CharField(_("单位"), max_length=10, choices=Unit.choices)
    pack_size = models.PositiveIntegerField(_("每包装数量"), default=1)
    specification = models.CharField(_("规格/标准"), max_length=120, blank=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True)

    class Meta:
        verbose_name = _("物资品目")
        verbose_name_plural = _("物资品目")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name
