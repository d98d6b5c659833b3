from django.urls import path

from shebao.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_search, name="search"),
    path("<int:person_id>/", views.person_detail, name="detail"),
]
