"""/api/people/…; the lead includes it with `path("api/people/", include("people.api_urls"))`."""

from django.urls import path

from people import api

app_name = "people-api"
urlpatterns = [
    path("", api.PersonList.as_view(), name="list"),
    path("coverage/", api.Coverage.as_view(), name="coverage"),
    path("<int:pk>/", api.PersonDetail.as_view(), name="detail"),
    path("<int:pk>/checkins/", api.PersonCheckIn.as_view(), name="checkin"),
]
