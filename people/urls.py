from django.urls import path

from people.views import actions, dashboards, guardian, person, registry

app_name = "people"
urlpatterns = [
    path("", registry.person_list, name="list"),
    path("new/", registry.register, name="register"),
    path("import/", registry.import_upload, name="import"),
    path("import/confirm/", registry.import_confirm, name="import-confirm"),
    path("today/", guardian.today, name="today"),
    path("handover/", guardian.handover, name="handover"),
    path("coverage/", dashboards.coverage_view, name="coverage"),
    path("overdue/", dashboards.overdue, name="overdue"),
    path("runway/", dashboards.runway, name="runway"),
    path("no-guardian/", dashboards.no_guardian, name="no-guardian"),
    path("<int:pk>/", person.detail, name="detail"),
    path("<int:pk>/reveal/", person.reveal, name="reveal"),
    path("<int:pk>/<slug:name>/", actions.action, name="action"),
]
