from django import forms
from django.utils.translation import gettext_lazy as _

# A year, as the service allows; without a ceiling "1e307" hours overflowed to infinity minutes (a 500).
MAX_HOURS = 365 * 24


class PolicyForm(forms.Form):
    """Hours to first action and to resolution per urgency level."""

    def __init__(self, *args, current: dict[int, tuple[int, int]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for level in (1, 2, 3, 4):
            claim, resolve = current[level]
            self.fields[f"claim_{level}"] = forms.FloatField(
                label=_("响应时限(小时)"), min_value=0.1, max_value=MAX_HOURS, initial=claim / 60
            )
            self.fields[f"resolve_{level}"] = forms.FloatField(
                label=_("解决时限(小时)"), min_value=0.1, max_value=MAX_HOURS, initial=resolve / 60
            )

    def deadlines(self) -> dict[int, tuple[int, int]]:
        d = self.cleaned_data
        return {lv: (round(d[f"claim_{lv}"] * 60), round(d[f"resolve_{lv}"] * 60)) for lv in (1, 2, 3, 4)}
