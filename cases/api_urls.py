"""/api/…: token, requests (create, bulk, list, detail) and one POST endpoint per transition."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

from cases.api import actions
from cases.api.views import RequestBulkCreate, RequestDetail, RequestListCreate

app_name = "api"

TRANSITIONS = {
    "verify": actions.Verify, "update": actions.Update, "claim": actions.Claim,
    "assign-org": actions.AssignOrg, "release": actions.Release, "transfer": actions.Transfer,
    "transfer-decide": actions.TransferDecide, "assign": actions.Assign, "hand-back": actions.HandBack,
    "start": actions.Start,
    "deliver": actions.Deliver, "follow-up": actions.FollowUp, "hold": actions.Hold, "resume": actions.Resume,
    "close": actions.Close, "reopen": actions.Reopen,
}

urlpatterns = [
    path("token/", obtain_auth_token, name="token"),
    path("requests/", RequestListCreate.as_view(), name="requests"),
    path("requests/bulk/", RequestBulkCreate.as_view(), name="request-bulk"),
    path("requests/<str:code>/", RequestDetail.as_view(), name="request-detail"),
    *[path(f"requests/<str:code>/{name}/", view.as_view(), name=f"request-{name}")
      for name, view in TRANSITIONS.items()],
]
