from django.urls import path

from shebao.people import portal_views as views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("proxies/add/", views.proxy_add, name="proxy_add"),
    path("proxies/confirm/", views.proxy_confirm, name="proxy_confirm"),
    path("proxies/<int:binding_id>/end/", views.proxy_end, name="proxy_end"),
]
