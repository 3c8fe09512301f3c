from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from geo.divisions import display_name
from geo.models import Division


@require_GET
@cache_control(max_age=86400, public=True)
def children(request: HttpRequest, code: str = "") -> JsonResponse:
    """Options for the next cascading select: provinces, or the children of `code`."""
    qs = Division.objects.filter(parent_id=code) if code else Division.objects.filter(level=1)
    return JsonResponse(
        {
            "items": [
                {"code": c, "name": display_name(c) if len(c) == 4 else n}
                for c, n in qs.values_list("code", "name")
            ]
        }
    )
