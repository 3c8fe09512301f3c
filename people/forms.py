"""Forms only validate and clean; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import DivisionFields
from core.choices import NeedCategory
from people.models import (
    Cadence,
    Channel,
    ConsentPurpose,
    ConsentScope,
    DisabilityType,
    GuardianAbsence,
    HouseholdMember,
    Medication,
    Outcome,
    Vulnerability,
)
from people.validation import HouseholdInput, PersonInput

# Ids arrive in hidden fields and selects; bounding them keeps a tampered 30-digit value out of the
# query, where SQLite raises OverflowError (a 500) instead of finding nothing.
ID_MAX = 2**63 - 1


def id_field(label: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=1, max_value=ID_MAX)


class PersonForm(DivisionFields):
    name = forms.CharField(label=_("姓名"), max_length=60)
    phone = forms.CharField(
        label=_("联系电话(本人或家属)"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    id_number = forms.CharField(label=_("身份证号(选填)"), max_length=20, required=False)
    birth_date = forms.DateField(
        label=_("出生日期(选填)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    address_detail = forms.CharField(label=_("详细地址"), max_length=200, required=False)
    vulnerabilities = forms.MultipleChoiceField(
        label=_("重点类别"), choices=Vulnerability.choices, widget=forms.CheckboxSelectMultiple
    )
    disability_type = forms.ChoiceField(
        label=_("残疾类别"), choices=[("", "—")] + DisabilityType.choices, required=False
    )
    has_carer = forms.BooleanField(label=_("有照护人"), required=False)
    carer_situation = forms.CharField(label=_("照护情况(如:照护人被隔离)"), max_length=300, required=False)
    consent_scope = forms.ChoiceField(label=_("信息共享同意"), choices=ConsentScope.choices)
    consent_purposes = forms.MultipleChoiceField(
        label=_("同意的用途"),
        choices=ConsentPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cadence = forms.ChoiceField(
        label=_("联络频率"), choices=[("", _("按重点类别自动"))] + Cadence.choices, required=False
    )
    channel = forms.ChoiceField(label=_("联络方式"), choices=Channel.choices)
    carer_name = forms.CharField(label=_("家庭成员姓名"), max_length=60, required=False)
    carer_relation = forms.ChoiceField(
        label=_("关系"), choices=[("", "—")] + HouseholdMember.Relation.choices, required=False
    )
    carer_phone = forms.CharField(label=_("家庭成员电话"), max_length=30, required=False)

    def person_input(self) -> PersonInput:
        d = self.cleaned_data
        household = []
        if d["carer_name"] or d["carer_relation"]:
            household.append(
                HouseholdInput(
                    name=d["carer_name"],
                    relation=d["carer_relation"],
                    phone=d["carer_phone"],
                    is_carer=d["has_carer"],
                )
            )
        return PersonInput(
            name=d["name"],
            phone=d["phone"],
            id_number=d["id_number"],
            birth_date=d["birth_date"],
            division_code=self.division_code(),
            address_detail=d["address_detail"],
            vulnerabilities=d["vulnerabilities"],
            disability_type=d["disability_type"],
            has_carer=d["has_carer"],
            carer_situation=d["carer_situation"],
            consent_scope=d["consent_scope"],
            consent_purposes=d["consent_purposes"],
            household=household,
            cadence=d["cadence"],
            channel=d["channel"],
        )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel(.xlsx)或 CSV 文件"))


class MedicationForm(forms.Form):
    item = forms.CharField(label=_("药品/物品"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=Medication.Kind.choices)
    unit = forms.CharField(label=_("单位"), max_length=12, required=False)
    daily_use = forms.DecimalField(label=_("每日用量"), max_digits=10, decimal_places=2)
    on_hand = forms.DecimalField(label=_("现有数量"), max_digits=10, decimal_places=2)
    source = forms.ChoiceField(label=_("来源"), choices=Medication.Source.choices)
    cold_chain = forms.BooleanField(label=_("需冷链"), required=False)
    lead_time_days = forms.IntegerField(label=_("提前预警天数"), initial=3, min_value=0, max_value=60)


class CountForm(forms.Form):
    on_hand = forms.DecimalField(label=_("现有数量"), max_digits=10, decimal_places=2)


class HouseholdForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=60)
    relation = forms.ChoiceField(label=_("关系"), choices=HouseholdMember.Relation.choices)
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    is_carer = forms.BooleanField(label=_("是照护人"), required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class GuardianForm(forms.Form):
    guardian = id_field(_("临时监护志愿者"))
    backup = id_field(_("备岗志愿者"), required=False)
    reason = forms.CharField(label=_("说明"), max_length=300, required=False)


class PlanForm(forms.Form):
    cadence = forms.ChoiceField(label=_("联络频率"), choices=Cadence.choices)
    channel = forms.ChoiceField(label=_("联络方式"), choices=Channel.choices)


class CheckInForm(forms.Form):
    outcome = forms.ChoiceField(label=_("结果"), choices=Outcome.choices, widget=forms.RadioSelect)
    channel = forms.ChoiceField(label=_("方式"), choices=Channel.choices, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    need_category = forms.ChoiceField(
        label=_("需要什么"), choices=[("", "—")] + NeedCategory.choices, required=False
    )
    need_item = forms.CharField(label=_("物品/服务"), max_length=100, required=False)
    need_qty = forms.IntegerField(label=_("数量"), min_value=1, required=False)
    urgency = forms.TypedChoiceField(
        label=_("紧急程度"),
        coerce=int,
        initial=3,
        choices=[(1, _("一级")), (2, _("二级")), (3, _("三级")), (4, _("四级"))],
    )


class ShareForm(forms.Form):
    org = id_field(_("共享给机构"))
    purpose = forms.ChoiceField(label=_("用途"), choices=ConsentPurpose.choices)
    reason = forms.CharField(
        label=_("理由(本人未同意时必填)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HandoverForm(forms.Form):
    guardian = id_field(_("不能继续的志愿者"))
    absence = forms.ChoiceField(label=_("原因"), choices=GuardianAbsence.Reason.choices)
    new_guardian = id_field(_("接手志愿者(不填则交给各自的备岗)"), required=False)
    reason = forms.CharField(label=_("说明"), max_length=300)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("查看原因"), max_length=200, required=False)
