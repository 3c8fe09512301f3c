from django.urls import path

from geo import views

app_name = "geo"
urlpatterns = [
    path("children/", views.children, name="provinces"),
    path("children/<str:code>/", views.children, name="children"),
]
