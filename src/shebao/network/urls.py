from django.urls import path

from shebao.network import views

app_name = "network"
urlpatterns = [
    path("", views.outlet_map, name="map"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("manage/", views.outlets_overseen, name="overseen"),
    path("agreements/<str:number>/<str:action>/", views.agreement_change, name="agreement_change"),
    path("<str:code>/", views.outlet_page, name="outlet"),
    path("<str:code>/plaque/", views.outlet_plaque, name="plaque"),
    path("<str:code>/status/", views.outlet_status, name="outlet_status"),
]
