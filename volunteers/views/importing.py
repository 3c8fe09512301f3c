"""XLSX/CSV import: upload → preview with per-row errors → import the good rows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from heli.lib import tables
from volunteers import services as svc
from volunteers.access import Need, staff_seat
from volunteers.forms import ImportForm
from volunteers.views._base import run, seat_org

SESSION_KEY = "volunteer_import"


def read_table(content: bytes, filename: str) -> list[list[str]]:
    try:
        return tables.read_table(content, filename)
    except tables.UnreadableTable as exc:
        raise DomainError(str(exc), field="file") from exc


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
        messages.error(request, _("请先上传文件并预览。"))
        return redirect("volunteers:import")
    result = run(
        request, lambda: svc.import_run(actor=request.user, org=seat_org(seat), table=table), _("导入完成。")
    )
    if result:
        messages.info(
            request,
            _("新增 {created} 名志愿者,跳过 {skipped} 行。").format(
                created=result[0], skipped=sum(1 for r in result[1] if r.data is None)
            ),
        )
    return redirect("volunteers:list")
