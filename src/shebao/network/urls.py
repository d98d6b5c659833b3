from django.urls import path

from shebao.network import agreement_views, views

app_name = "network"
# The agreement paths come first: /outlets/agreements/<number>/... is an agreement's, never an outlet's.
urlpatterns = [
    path("", views.outlet_map, name="map"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("manage/", views.outlets_overseen, name="overseen"),
    path("outlines/<str:code>/", views.outlines, name="outlines"),
    path("agreements/<str:number>/", agreement_views.agreement_page, name="agreement"),
    path(
        "agreements/<str:number>/authorise/", agreement_views.agreement_authorise, name="agreement_authorise"
    ),
    path("agreements/<str:number>/revoke/", agreement_views.agreement_revoke, name="agreement_revoke"),
    path("agreements/<str:number>/<str:action>/", agreement_views.agreement_change, name="agreement_change"),
    path("<str:code>/", views.outlet_page, name="outlet"),
    path("<str:code>/agreements/new/", agreement_views.agreement_new, name="agreement_new"),
    path("<str:code>/plaque/", views.outlet_plaque, name="plaque"),
    path("<str:code>/status/", views.outlet_status, name="outlet_status"),
]
