from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("incidents/<int:pk>/policy/", views.policy, name="policy"),
]
