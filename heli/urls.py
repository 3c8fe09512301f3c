from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from cases.views import dashboard
from core import views as core_views

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("alerts/", core_views.alerts, name="alerts"),
    path("alerts/<int:pk>/read/", core_views.alert_read, name="alert-read"),
    path("alerts/read/", core_views.alerts_read_all, name="alerts-read-all"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("orgs.urls")),
    path("", include("cases.urls")),
    path("people/", include("people.urls")),
    path("intake/", include("intake.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("supplies/", include("supplies.urls")),
    path("geo/", include("geo.urls")),
    path("api/people/", include("people.api_urls")),
    path("api/", include("cases.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
