from django.urls import path

from shebao.records import kiosk, views

app_name = "records"
urlpatterns = [
    path("verify/", views.verify, name="verify_start"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("verify/<str:number>/revoke/", views.revoke, name="revoke"),
    path("documents/<str:number>.pdf", views.document_pdf, name="pdf"),
    path("my/", views.mine, name="mine"),
    path("window/", views.window, name="window"),
    path("kiosk/", kiosk.start, name="kiosk"),
    path("kiosk/code/", kiosk.code, name="kiosk_code"),
    path("kiosk/choose/", kiosk.choose, name="kiosk_choose"),
    path("kiosk/documents/<str:number>.pdf", kiosk.pdf, name="kiosk_pdf"),
    path("kiosk/end/", kiosk.end, name="kiosk_end"),
]
