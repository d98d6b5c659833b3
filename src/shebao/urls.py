from django.contrib import admin
from django.urls import include, path

from shebao.api import api
from shebao.core import views as core_views

# admin.site is core.adminsite.StaffAdminSite: second factor, core.permissions, audited changes.
urlpatterns = [
    path("", include("shebao.core.urls")),
    path("staff/persons/", include("shebao.people.urls")),
    path("my/", include("shebao.people.portal_urls")),
    path("catalog/", include("shebao.catalog.urls")),
    path("outlets/", include("shebao.network.urls")),
    path("hall/", include("shebao.hall.urls")),
    path("cases/", include("shebao.cases.urls")),
    path("certification/", include("shebao.certification.urls")),
    path("notices/", include("shebao.notify.urls")),
    path("consult/", include("shebao.consult.urls")),
    path("records/", include("shebao.records.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
]

# Every refusal is a page that says why and what to do next (core.errorpages).
handler400 = "shebao.core.errorpages.bad_request"
handler403 = "shebao.core.errorpages.permission_denied"
handler404 = "shebao.core.errorpages.page_not_found"
handler500 = "shebao.core.errorpages.server_error"
