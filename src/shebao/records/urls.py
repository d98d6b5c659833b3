from django.urls import path

from shebao.records import views

app_name = "records"
urlpatterns = [
    path("verify/", views.verify, name="verify_start"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("verify/<str:number>/revoke/", views.revoke, name="revoke"),
    path("documents/<str:number>.pdf", views.document_pdf, name="pdf"),
    path("my/", views.mine, name="mine"),
    path("window/", views.window, name="window"),
]
