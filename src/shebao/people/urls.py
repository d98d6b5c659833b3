from django.urls import path

from shebao.people import proxy_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_search, name="search"),
    path("new/", views.person_register, name="register"),
    path("employers/new/", views.employer_register, name="employer_register"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/proxies/", proxy_views.window_bindings, name="proxies"),
    path("<int:person_id>/post/", views.person_post, name="post"),
    path("overrides/", views.override_list, name="overrides"),
    path("overrides/<int:document_id>/approve/", views.override_approve, name="override_approve"),
]
