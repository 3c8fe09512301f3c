"""XLSX/CSV import: upload → preview with per-row errors → import the good rows."""

import csv
import io
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.errors import DomainError
from volunteers import services as svc
from volunteers.access import Need, staff_seat
from volunteers.forms import ImportForm
from volunteers.views._base import run, seat_org

SESSION_KEY = "volunteer_import"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime | date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def read_table(content: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception:  # noqa: BLE001 - any unreadable workbook is the same error for the user
            raise DomainError("无法读取该 Excel 文件,请另存为 .xlsx 或 .csv 后重试。", field="file")
        return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.reader(io.StringIO(content.decode(encoding))))
        except UnicodeDecodeError:
            continue
    raise DomainError("无法识别文件编码,请保存为 UTF-8 的 CSV。", field="file")


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    staff_seat(request.user, Need.MANAGE) if request.method == "POST" else staff_seat(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    rows = None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            table = read_table(f.read(), f.name)
            rows = svc.import_preview(table=table)
            request.session[SESSION_KEY] = table
        except DomainError as exc:
            messages.error(request, exc.message)
    good = sum(1 for r in rows or [] if r.data is not None)
    return render(request, "volunteers/import.html", {"form": form, "rows": rows, "good": good})


@require_POST
@login_required
def confirm(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user, Need.MANAGE)
    table = request.session.pop(SESSION_KEY, None)
    if not table:
        messages.error(request, "请先上传文件并预览。")
        return redirect("volunteers:import")
    result = run(
        request, lambda: svc.import_run(actor=request.user, org=seat_org(seat), table=table), "导入完成。"
    )
    if result:
        messages.info(
            request, f"新增 {result[0]} 名志愿者,跳过 {sum(1 for r in result[1] if r.data is None)} 行。"
        )
    return redirect("volunteers:list")
