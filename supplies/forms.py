"""Forms only validate and clean; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from supplies.models import MAX_QTY, Category, Donation, Donor, Item, Site, Unit

URGENCY = [(1, _("一级:危及生命")), (2, _("二级:1-3天内")), (3, _("三级:一周内")), (4, _("四级:不紧急"))]


class ItemForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=80)
    category = forms.ChoiceField(label=_("类别"), choices=Category.choices)
    unit = forms.CharField(label=_("单位"), max_length=10, help_text=_("只/个、套/件、箱、瓶…"))
    pack_size = forms.IntegerField(label=_("每包装数量"), initial=1, min_value=1, max_value=MAX_QTY)
    specification = forms.CharField(label=_("规格/标准"), max_length=120, required=False)
    aliases = forms.CharField(label=_("别名(逗号分隔)"), max_length=300, required=False)

    def clean_unit(self) -> str:
        # Accept the code or its Chinese label ("箱"); an unknown unit is refused by the service.
        text = self.cleaned_data["unit"].strip()
        labels = {str(label): value for value, label in Unit.choices}
        return labels.get(text) or next((v for lab, v in labels.items() if text in lab.split("/")), text)

    def alias_list(self) -> list[str]:
        return [a for a in self.cleaned_data["aliases"].replace(",", ",").split(",") if a.strip()]


class SiteForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=120)
    kind = forms.ChoiceField(label=_("类型"), choices=Site.Kind.choices)
    division_code = forms.CharField(label=_("行政区划代码"), max_length=9, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    lat = forms.FloatField(label=_("纬度"), required=False)
    lon = forms.FloatField(label=_("经度"), required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=40, required=False)
    elderly = forms.BooleanField(label=_("服务老人"), required=False)


class NeedForm(forms.Form):
    item = forms.ModelChoiceField(label=_("物资"), queryset=Item.objects.all())
    quantity = forms.IntegerField(label=_("数量(空 = 数量不详)"), required=False, max_value=MAX_QTY)
    urgency = forms.TypedChoiceField(label=_("紧急程度"), choices=URGENCY, coerce=int, initial=3)
    needed_by = forms.DateField(label=_("需要日期"), required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("文件(JSON / CSV / XLSX)"))
    skip_broken = forms.BooleanField(label=_("跳过有错误的行,导入其余"), required=False)


class PledgeForm(forms.Form):
    donor_name = forms.CharField(label=_("捐赠方"), max_length=120)
    donor_kind = forms.ChoiceField(label=_("捐赠方类型"), choices=Donor.Kind.choices)
    kind = forms.ChoiceField(label=_("形式"), choices=Donation.Kind.choices, initial="goods")
    amount_yuan = forms.DecimalField(label=_("金额(元)"), required=False, max_digits=14, decimal_places=2)
    item = forms.ModelChoiceField(label=_("物资"), queryset=Item.objects.all(), required=False)
    quantity = forms.IntegerField(label=_("数量"), required=False, max_value=MAX_QTY)
    only_site_kinds = forms.MultipleChoiceField(
        label=_("仅限单位类型"), choices=Site.Kind.choices, required=False
    )
    only_elderly = forms.BooleanField(label=_("仅限老人"), required=False)
    only_division = forms.CharField(label=_("仅限地区(区划代码)"), max_length=9, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class WarehouseForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=120)
    lat = forms.FloatField(label=_("纬度"))
    lon = forms.FloatField(label=_("经度"))
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    # capped like quantities: a number past the database integer was a server error, not a message
    area_m2 = forms.IntegerField(label=_("面积(㎡)"), required=False, min_value=0, max_value=MAX_QTY)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300)


class DispatchForm(forms.Form):
    vehicle = forms.CharField(label=_("车牌"), max_length=20)
    driver = forms.CharField(label=_("司机"), max_length=40)
    pass_number = forms.CharField(label=_("通行证号"), max_length=40, required=False)


class DeliverForm(forms.Form):
    receiver_name = forms.CharField(label=_("签收人"), max_length=60)
    photo = forms.FileField(label=_("签收照片"), required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class WriteOffForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("报损数量(空 = 全部)"), required=False, min_value=1, max_value=MAX_QTY
    )
    reason = forms.CharField(label=_("报损原因"), max_length=200)


class PurchaseForm(forms.Form):
    supplier = forms.CharField(label=_("供应商"), max_length=120)
    item = forms.ModelChoiceField(label=_("物资"), queryset=Item.objects.all())
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=MAX_QTY)
    unit_price = forms.DecimalField(label=_("单价(元)"), max_digits=12, decimal_places=2, min_value=0.01)
    # one of the two, looked up inside the incident by the handler
    warehouse = forms.IntegerField(label=_("入库仓库"), required=False)
    site = forms.IntegerField(label=_("或直送需求单位"), required=False)
    expires_on = forms.DateField(label=_("有效期至"), required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class DirectShipForm(forms.Form):
    site = forms.IntegerField(label=_("需求单位"))
    carrier = forms.CharField(label=_("承运方"), max_length=120, required=False)


def int_fields(data: dict[str, str], prefix: str) -> dict[int, int]:
    """``{prefix}<id>`` → int for every filled field; a non-number raises ValueError."""
    out = {}
    for key, value in data.items():
        if key.startswith(prefix) and key[len(prefix) :].isdigit() and str(value).strip() != "":
            out[int(key[len(prefix) :])] = int(str(value).strip())
    if any(abs(q) > MAX_QTY for q in out.values()):
        raise DomainError(_("数量不能超过 {n}。").format(n=MAX_QTY))
    return out


def ids(values: list[str]) -> list[int]:
    """Object ids from a multi-select: anything else (text, "²", a number past any database id) is
    dropped here, because the database would raise on it rather than find nothing."""
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) <= 18]


def initial_from(form: type[forms.Form], kept: dict[str, list[str]]) -> dict[str, Any]:
    """What the user typed into a form that was refused, as the initial values of a new one."""
    return {
        name: values if isinstance(form.base_fields[name], forms.MultipleChoiceField) else values[-1]
        for name, values in kept.items()
        if name in form.base_fields and values
    }
