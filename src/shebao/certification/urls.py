from django.urls import path

from shebao.certification import staff_views, views

app_name = "certification"

urlpatterns = [
    path("my/", views.mine, name="mine"),
    path("my/certify/<int:recipient_id>/", views.certify, name="certify"),
    path("staff/", staff_views.desk, name="desk"),
    path("staff/devices/", staff_views.devices, name="devices"),
    path("staff/overdue/", staff_views.overdue, name="overdue"),
    path("staff/spot-checks/", staff_views.spot_checks, name="spot_checks"),
    path(
        "staff/spot-checks/<int:certification_id>/photo/",
        staff_views.spot_check_photo,
        name="spot_check_photo",
    ),
    path("staff/recoveries/", staff_views.recoveries, name="recoveries"),
    path("staff/recoveries/<int:recovery_id>/", staff_views.recovery, name="recovery"),
    path("staff/recoveries/<int:recovery_id>/letter/", staff_views.recovery_letter, name="letter"),
    path("staff/runs/", staff_views.runs, name="runs"),
    path("staff/runs/<int:run_id>/", staff_views.run, name="run"),
]
