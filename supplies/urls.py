from django.urls import path

from supplies.views import actions, feedback, pages

app_name = "supplies"
urlpatterns = [
    path("", pages.home, name="home"),
    path("catalogue/", pages.catalogue, name="catalogue"),
    path("catalogue/add/", pages.catalogue_add, name="catalogue-add"),
    path("feedback/<str:token>/", feedback.feedback, name="feedback"),
    path("<int:incident>/", pages.overview, name="overview"),
    path("<int:incident>/sites/", pages.sites, name="sites"),
    path("<int:incident>/import/", pages.import_page, name="import"),
    path("<int:incident>/donations/", pages.donations, name="donations"),
    path("<int:incident>/donations/<int:pk>/feedback/", feedback.feedback_link, name="feedback-link"),
    path("<int:incident>/warehouses/", pages.warehouses, name="warehouses"),
    path("<int:incident>/plans/", pages.plans, name="plans"),
    path("<int:incident>/plans/<int:pk>/", pages.plan_detail, name="plan"),
    path("<int:incident>/shipments/", pages.shipments, name="shipments"),
    path("<int:incident>/do/<slug:name>/", actions.action, name="action"),
    path("<int:incident>/do/<slug:name>/<int:pk>/", actions.action, name="action-on"),
]
