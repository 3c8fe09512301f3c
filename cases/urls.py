from django.urls import path

from cases.views import actions, boards, detail, intake, public, queue

app_name = "cases"
urlpatterns = [
    path("queue/", queue.queue, name="queue"),
    path("intake/", intake.intake, name="intake"),
    path("requests/<str:code>/", detail.detail, name="detail"),
    path("requests/<str:code>/reveal/", detail.reveal, name="reveal"),
    path("requests/<str:code>/<slug:name>/", actions.action, name="action"),
    path("org/", boards.org_board, name="org-board"),
    path("my/tasks/", boards.my_tasks, name="my-tasks"),
    path("followups/", boards.followups, name="followups"),
    path("offers/", boards.offers, name="offers"),
    path("offers/<int:pk>/status/", boards.offer_status, name="offer-status"),
    path("help/", public.public_intake, name="public-intake"),
    path("help/status/", public.public_status, name="public-status"),
]
