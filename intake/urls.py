from django.urls import path

from intake import views

app_name = "intake"
urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<int:pk>/", views.batch, name="batch"),
    path("import/<int:pk>/step/", views.step, name="step"),
    path("paste/", views.paste, name="paste"),
    path("paste/offer/", views.paste_offer, name="paste-offer"),
    path("duplicates/", views.duplicate_check, name="duplicate-check"),
]
