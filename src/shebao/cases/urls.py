from django.urls import path

from shebao.cases import views

app_name = "cases"
urlpatterns = [
    path("accept/", views.accept, name="accept"),
    path("accept/submit/", views.accept_submit, name="accept_submit"),
    path("queue/", views.queue, name="queue"),
    path("queue/next/", views.claim_next, name="claim_next"),
    path("stats/", views.statistics, name="stats"),
    path("track/", views.track, name="track"),
    path("track/<str:number>/supplement/", views.track_supplement, name="track_supplement"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/receipt/", views.receipt, name="receipt"),
    path("<str:number>/act/", views.act, name="act"),
]
