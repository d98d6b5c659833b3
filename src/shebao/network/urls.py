from django.urls import path

from shebao.network import views

app_name = "network"
urlpatterns = [
    path("", views.outlet_map, name="map"),
    path("coverage/", views.coverage_page, name="coverage"),
]
