from django.urls import path

from shebao.core import standin_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("ids/check/", views.id_check, name="id_check"),
    path("prefs/large-type/", views.elder_mode, name="elder_mode"),
    path("staff/login/", views.StaffLoginView.as_view(), name="login"),
    path("staff/logout/", views.logout, name="logout"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("staff/otp/setup/", views.otp_setup, name="otp_setup"),
    path("staff/otp/verify/", views.otp_verify, name="otp_verify"),
    path("staff/audit/", views.audit_log, name="audit_log"),
    path("staff/stand-ins/", standin_views.stand_ins, name="stand_ins"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
    path("favicon.ico", views.favicon, name="favicon"),
]
