"""Forms only validate and clean; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import FollowUp, HelpRequest, VerificationAttempt
from cases.services.intake import MAX_QTY
from core.choices import NeedCategory, VulnerableGroup

URGENCY_CHOICES = [
    (1, _("一级:危及生命")),
    (2, _("二级:1-3天内受损")),
    (3, _("三级:一周内")),
    (4, _("四级:不紧急")),
]


class DivisionFields(forms.Form):
    """Cascading selects; the most specific chosen code wins."""

    province = forms.CharField(required=False, widget=forms.Select(attrs={"data-level": "1"}))
    city = forms.CharField(required=False, widget=forms.Select(attrs={"data-level": "2"}))
    county = forms.CharField(label=_("区县"), required=False, widget=forms.Select(attrs={"data-level": "3"}))
    township = forms.CharField(
        label=_("街道/乡镇"), required=False, widget=forms.Select(attrs={"data-level": "4"})
    )

    def division_code(self) -> str:
        data = self.cleaned_data
        return data.get("township") or data.get("county") or ""


class RequestForm(DivisionFields):
    channel = forms.ChoiceField(label=_("来源渠道"), choices=HelpRequest.Channel.choices, initial="hotline")
    requester_name = forms.CharField(label=_("求助人称呼"), max_length=60)
    requester_phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    for_other = forms.BooleanField(label=_("代他人求助"), required=False)
    beneficiary_name = forms.CharField(label=_("受助人"), max_length=60, required=False)
    beneficiary_phone = forms.CharField(label=_("受助人电话"), max_length=30, required=False)
    address_detail = forms.CharField(label=_("详细地址"), max_length=200, required=False)
    people_count = forms.IntegerField(label=_("人数"), initial=1)
    groups = forms.MultipleChoiceField(
        label=_("特殊群体"),
        choices=VulnerableGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    urgency = forms.TypedChoiceField(label=_("紧急程度"), choices=URGENCY_CHOICES, coerce=int, initial=3)
    description = forms.CharField(
        label=_("需求描述"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    raw_text = forms.CharField(
        label=_("原始信息(粘贴)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    consent_share = forms.BooleanField(label=_("求助人同意向伙伴机构共享信息"), required=False, initial=True)


class NeedForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=[("", "—")] + NeedCategory.choices, required=False)
    item = forms.CharField(label=_("物品/服务"), max_length=100, required=False)
    qty_requested = forms.IntegerField(label=_("数量"), min_value=1, max_value=MAX_QTY, required=False)
    unit = forms.CharField(label=_("单位"), max_length=12, required=False)


# absolute_max: Django otherwise builds up to max_num + 1,000 forms from a posted TOTAL_FORMS,
# and a tampered need-TOTAL_FORMS=99999 kept the intake page busy for 15 s of CPU.
NeedFormSet = forms.formset_factory(NeedForm, extra=3, max_num=10, absolute_max=10, validate_max=True)


class PublicRequestForm(RequestForm):
    # Honeypot: people leave it empty, form-filling bots do not.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )
    need_category = forms.ChoiceField(label=_("需要什么帮助"), choices=NeedCategory.choices)


class StatusForm(forms.Form):
    code = forms.CharField(label=_("求助编号"), max_length=20)
    phone_last4 = forms.RegexField(
        label=_("手机号后四位"), regex=r"^\d{4}$", error_messages={"invalid": _("请输入 4 位数字。")}
    )


class VerifyForm(forms.Form):
    outcome = forms.ChoiceField(label=_("核实结果"), choices=VerificationAttempt.Outcome.choices)
    channel = forms.ChoiceField(label=_("方式"), choices=VerificationAttempt.Channel.choices, initial="phone")
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    urgency = forms.TypedChoiceField(
        label=_("更正紧急程度"),
        choices=[("", "—")] + URGENCY_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    people_count = forms.IntegerField(label=_("更正人数"), min_value=1, required=False)
    address_detail = forms.CharField(label=_("更正地址"), max_length=200, required=False)
    requester_phone = forms.CharField(label=_("更正电话"), max_length=30, required=False)

    def changes(self) -> dict:
        keys = ("urgency", "people_count", "address_detail", "requester_phone")
        return {k: self.cleaned_data[k] for k in keys if self.cleaned_data.get(k) not in (None, "")}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300)


class OrgForm(forms.Form):
    org = forms.IntegerField(label=_("机构"))


class TransferForm(forms.Form):
    to_org = forms.IntegerField(label=_("转介给"))
    reason = forms.CharField(label=_("原因"), max_length=300)


class TransferDecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("决定"), choices=[("1", _("接受")), ("0", _("拒绝"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label=_("原因"), max_length=300, required=False)


class AssignForm(forms.Form):
    volunteer = forms.IntegerField(label=_("志愿者"))


class DeliverForm(forms.Form):
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, lines=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for line in lines:
            remaining = max((line.qty_requested or 0) - line.qty_delivered, 0)
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=f"{line.item or line.get_category_display()} ({line.unit})",
                min_value=0,
                max_value=MAX_QTY,
                required=False,
                initial=remaining,
            )

    def delivered(self) -> dict[int, int]:
        return {
            int(k[5:]): v for k, v in self.cleaned_data.items() if k.startswith("line_") and v is not None
        }


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("回访结果"), choices=FollowUp.Outcome.choices)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    need_category = forms.ChoiceField(
        label=_("新需求类别"), choices=[("", "—")] + NeedCategory.choices, required=False
    )
    need_item = forms.CharField(label=_("新需求"), max_length=100, required=False)
    need_qty = forms.IntegerField(label=_("数量"), min_value=1, max_value=MAX_QTY, required=False)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("结案原因"), choices=HelpRequest.CloseReason.choices)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    duplicate_of = forms.CharField(label=_("原求助编号(重复时)"), max_length=20, required=False)


class TriageForm(forms.Form):
    urgency = forms.TypedChoiceField(label=_("紧急程度"), choices=URGENCY_CHOICES, coerce=int)
    reason = forms.CharField(label=_("原因"), max_length=300, required=False)
