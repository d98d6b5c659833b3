from django.urls import path

from shebao.notify import views

app_name = "notify"

urlpatterns = [
    path("retirement-age/", views.retirement_age_page, name="retirement_age"),
]
