from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from shebao.api import api
from shebao.core import views as core_views

# The admin asks for the second factor too (level-3 baseline: administrators use two factors).
admin.site.__class__ = OTPAdminSite
admin.site.site_header = "社保一窗通 · 管理"

urlpatterns = [
    path("", include("shebao.core.urls")),
    path("staff/persons/", include("shebao.people.urls")),
    path("my/", include("shebao.people.portal_urls")),
    path("catalog/", include("shebao.catalog.urls")),
    path("outlets/", include("shebao.network.urls")),
    path("hall/", include("shebao.hall.urls")),
    path("cases/", include("shebao.cases.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
]
