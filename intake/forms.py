from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import HelpRequest
from intake import readers


class UploadForm(forms.Form):
    file = forms.FileField(label=_("消息文件(JSONL / CSV / XLSX)"))
    channel = forms.ChoiceField(label=_("来源渠道"), choices=HelpRequest.Channel.choices, initial="wechat")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            readers.check_size(upload.size)  # before the view reads it into memory
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("粘贴求助信息"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("请先粘贴要解析的信息。"),
            "max_length": _("信息过长(最多 %(limit_value)d 字,现有 %(show_value)d 字),请只粘贴一条消息。"),
        },
    )
