from django.urls import path

from shebao.consult import views

app_name = "consult"

urlpatterns: list = [
    path("pension/", views.pension, name="pension"),
    path("unemployment/", views.unemployment, name="unemployment"),
    path("my-pension/", views.my_pension, name="my_pension"),
    path("staff/pension/<int:person_id>/", views.staff_pension, name="staff_pension"),
]
