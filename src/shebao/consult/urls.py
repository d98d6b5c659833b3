from django.urls import path

from shebao.consult import views

app_name = "consult"

urlpatterns: list = [
    path("pension/", views.pension, name="pension"),
    path("unemployment/", views.unemployment, name="unemployment"),
]
