from django.urls import path

from shebao.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("wizard/", views.wizard_view, name="wizard"),
    path("items/<str:code>/", views.item, name="item"),
    path("items/<str:code>/qr.svg", views.item_qr, name="item_qr"),
    path("items/<str:code>/guide.pdf", views.item_pdf, name="item_pdf"),
    path("items/<str:code>/notice/", views.item_notice, name="item_notice"),
    path("bundles/<str:code>/", views.bundle, name="bundle"),
    path("bundles/<str:code>/qr.svg", views.bundle_qr, name="bundle_qr"),
    path("bundles/<str:code>/guide.pdf", views.bundle_pdf, name="bundle_pdf"),
]
