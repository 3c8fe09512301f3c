"""Forms only validate and clean; the services decide."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from volunteers.models import Duty, Health, Skill, Subsidy, Task, Tier, Vehicle, ZoneStatus

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class RegisterForm(forms.Form):
    org = forms.ModelChoiceField(queryset=None, label=_("报名机构"))
    name = forms.CharField(label=_("姓名"), max_length=60)
    phone = forms.CharField(label=_("手机号"), max_length=11)
    password = forms.CharField(label=_("设置密码"), widget=forms.PasswordInput, min_length=8)
    tier = forms.ChoiceField(label=_("志愿者类型"), choices=Tier.choices, initial=Tier.OFFLINE)
    division_code = forms.CharField(label=_("常住区划代码"), max_length=12, required=False)
    lat = forms.FloatField(label=_("纬度"), required=False)
    lon = forms.FloatField(label=_("经度"), required=False)
    skills = forms.MultipleChoiceField(
        label=_("技能"), choices=Skill.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    vehicle = forms.ChoiceField(
        label=_("车辆类型(司机填写)"), choices=[("", "—"), *Vehicle.choices], required=False
    )
    languages = forms.CharField(label=_("语言(翻译填写,如:英语/手语)"), required=False)
    availability = forms.CharField(
        label=_("可服务时间(如:周一 08:00-12:00;每天 19:00-21:00)"), required=False
    )
    insurance_policy = forms.CharField(label=_("保险单号"), required=False)
    insurance_valid_to = forms.DateField(
        label=_("保险有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class HealthForm(forms.Form):
    health = forms.ChoiceField(label=_("健康状况"), choices=Health.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class PassForm(forms.Form):
    zone = forms.IntegerField(label=_("区域"))
    valid_until = forms.DateTimeField(label=_("有效期至"), input_formats=DT_FORMATS, widget=DT)
    number = forms.CharField(label=_("编号"), max_length=40, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX 或 CSV 文件"))


class ZoneForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=80)
    divisions = forms.CharField(label=_("区划代码(空格分隔)"), required=False)
    compounds = forms.CharField(label=_("小区(逗号分隔)"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ZoneStatus.choices, initial=ZoneStatus.SEALED)


class ZoneStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=ZoneStatus.choices)
    on = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ShiftForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=60)
    duty = forms.ChoiceField(
        label=_("职责"),
        choices=[
            ("hotline", _("热线")),
            ("verify", _("核实")),
            ("deliver", _("配送/探访")),
            ("care", _("医护/心理")),
            ("other", _("其他")),
        ],
    )
    starts_at = forms.DateTimeField(label=_("开始"), input_formats=DT_FORMATS, widget=DT)
    ends_at = forms.DateTimeField(label=_("结束"), input_formats=DT_FORMATS, widget=DT)
    high_stress = forms.BooleanField(label=_("高压班次"), required=False)
    needed = forms.IntegerField(label=_("需要人数"), min_value=1, max_value=50, initial=2)


class ShiftTemplateForm(forms.Form):
    name = forms.CharField(label=_("模板名称"), max_length=60)
    duty = forms.ChoiceField(label=_("职责"), choices=Duty.choices)
    start = forms.TimeField(label=_("开始"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end = forms.TimeField(
        label=_("结束(早于开始即次日结束)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    high_stress = forms.BooleanField(label=_("高压班次"), required=False)
    needed = forms.IntegerField(label=_("需要人数"), min_value=1, max_value=100, initial=2)


class AttendanceForm(forms.Form):
    check_in_at = forms.DateTimeField(label=_("签到时间"), input_formats=DT_FORMATS, widget=DT)
    check_out_at = forms.DateTimeField(label=_("签退时间"), input_formats=DT_FORMATS, widget=DT)
    reason = forms.CharField(label=_("补录原因(如纸质签到表)"), max_length=200)
    seen = forms.CharField(required=False, widget=forms.HiddenInput)  # the row as the page showed it


class TeamForm(forms.Form):
    name = forms.CharField(label=_("小组名称"), max_length=60)
    duty = forms.ChoiceField(label=_("职责"), choices=Duty.choices)
    lead = forms.IntegerField(label=_("组长"), required=False)


class VolunteerPickForm(forms.Form):
    volunteer = forms.IntegerField(label=_("志愿者"))


class LeadForm(VolunteerPickForm):
    lead_was = forms.IntegerField(required=False, widget=forms.HiddenInput)  # the lead the page showed


class SubsidyForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=Subsidy.Kind.choices)
    amount = forms.DecimalField(
        label=_("金额(元)"), max_digits=8, decimal_places=2, min_value=Decimal("0.01")
    )
    paid_on = forms.DateField(label=_("发放日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ExceptionForm(forms.Form):
    available = forms.TypedChoiceField(
        label=_("类型"),
        choices=[("0", _("不可服务(请假、隔离等)")), ("1", _("额外可服务"))],
        coerce=lambda v: v == "1",
        initial="0",
    )
    starts_at = forms.DateTimeField(label=_("开始"), input_formats=DT_FORMATS, widget=DT)
    ends_at = forms.DateTimeField(label=_("结束"), input_formats=DT_FORMATS, widget=DT)
    note = forms.CharField(label=_("说明(可选)"), max_length=120, required=False)


class TemplateShiftForm(forms.Form):
    template = forms.IntegerField(label=_("模板"))
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ShiftAssignForm(forms.Form):
    volunteer = forms.IntegerField(label=_("志愿者"))
    override_reason = forms.CharField(label=_("越过休息规则的理由(可选)"), max_length=200, required=False)


class FatigueForm(forms.Form):
    SCALE = [(i, str(i)) for i in range(5)]
    exhaustion = forms.TypedChoiceField(
        label=_("现在有多疲惫?(0 不累 – 4 非常累)"), choices=SCALE, coerce=int
    )
    sleep = forms.TypedChoiceField(label=_("睡眠不足的程度?"), choices=SCALE, coerce=int)
    distress = forms.TypedChoiceField(label=_("接听/服务后情绪困扰的程度?"), choices=SCALE, coerce=int)
    note = forms.CharField(label=_("想说的话"), max_length=300, required=False)
    assignment = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TaskForm(forms.Form):
    help_request = forms.CharField(label=_("求助编号"), max_length=30)
    kind = forms.ChoiceField(label=_("类型"), choices=Task.Kind.choices)
    skills = forms.CharField(label=_("所需技能(代码,空格分隔,如 driver translator:sign)"), required=False)
    window_start = forms.DateTimeField(label=_("最早开始"), input_formats=DT_FORMATS, widget=DT)
    window_end = forms.DateTimeField(label=_("最晚结束"), input_formats=DT_FORMATS, widget=DT)
    hours = forms.DecimalField(label=_("所需时长(小时)"), min_value=0.5, max_value=24, initial=1)
    people = forms.IntegerField(label=_("需要人数"), min_value=1, max_value=20, initial=1)
    lat = forms.FloatField(label=_("纬度(求助未定位时填写)"), required=False)
    lon = forms.FloatField(label=_("经度"), required=False)


class TaskRescheduleForm(forms.Form):
    window_start = forms.DateTimeField(label=_("新的最早开始"), input_formats=DT_FORMATS, widget=DT)
    window_end = forms.DateTimeField(label=_("新的最晚结束"), input_formats=DT_FORMATS, widget=DT)


class TaskCancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200)


class DriveTaskForm(forms.Form):
    incident = forms.IntegerField(widget=forms.HiddenInput)
    shipment_ref = forms.CharField(label=_("配送单号"), max_length=40)
    title = forms.CharField(label=_("标题"), max_length=120, required=False)
    address = forms.CharField(label=_("取货地点"), max_length=200)
    lat = forms.FloatField(label=_("纬度"), min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("经度"), min_value=-180, max_value=180)
    window_start = forms.DateTimeField(label=_("最早开始"), input_formats=DT_FORMATS, widget=DT)
    window_end = forms.DateTimeField(label=_("最晚结束"), input_formats=DT_FORMATS, widget=DT)
    hours = forms.DecimalField(label=_("所需时长(小时)"), min_value=0.5, max_value=24, initial=2)
    people = forms.IntegerField(label=_("需要司机数"), min_value=1, max_value=20, initial=1)
    urgency = forms.TypedChoiceField(
        label=_("紧急程度"), choices=[(i, str(i)) for i in (1, 2, 3, 4)], coerce=int, initial=2
    )
    vehicle = forms.ChoiceField(
        label=_("车辆"), choices=[("", _("不限")), *Vehicle.choices], required=False
    )


class AddRowForm(forms.Form):
    task = forms.IntegerField()
    volunteer = forms.IntegerField()
