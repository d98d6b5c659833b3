from django.urls import path

from shebao.notify import views

app_name = "notify"

urlpatterns = [
    path("retirement-age/", views.retirement_age_page, name="retirement_age"),
    path("inbox/", views.inbox_page, name="inbox"),
    path("inbox/<int:delivery_id>/read/", views.inbox_read, name="inbox_read"),
    path("preferences/", views.preferences_page, name="preferences"),
    path("employer/", views.employer_inbox_page, name="employer_inbox"),
    path("agency/", views.agency_inbox_page, name="agency_inbox"),
    path("figures/", views.stats_page, name="stats"),
]
