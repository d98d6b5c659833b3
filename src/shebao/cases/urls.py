from django.urls import path

from shebao.cases import employer_views, online_views, portal_views, views

app_name = "cases"
urlpatterns = [
    path("accept/", views.accept, name="accept"),
    path("accept/submit/", views.accept_submit, name="accept_submit"),
    path("accept/employer/", employer_views.accept_employer, name="accept_employer"),
    path("accept/employer/submit/", employer_views.accept_employer_submit, name="accept_employer_submit"),
    path("queue/", views.queue, name="queue"),
    path("queue/next/", views.claim_next, name="claim_next"),
    path("stats/", views.statistics, name="stats"),
    path("track/", views.track, name="track"),
    path("track/<str:number>/supplement/", views.track_supplement, name="track_supplement"),
    path("track/<str:number>/letter.pdf", views.track_letter, name="track_letter"),
    path("mine/", portal_views.mine, name="mine"),
    path("mine/employer/", portal_views.mine_employer, name="mine_employer"),
    path("mine/<str:number>/", portal_views.mine_detail, name="mine_detail"),
    path("mine/<str:number>/supplement/", portal_views.mine_supplement, name="mine_supplement"),
    path("mine/<str:number>/delivery/", portal_views.mine_delivery, name="mine_delivery"),
    path("mine/<str:number>/letter.pdf", portal_views.mine_letter, name="mine_letter"),
    path("apply/", online_views.choose, name="online_choose"),
    path("apply/<str:code>/", online_views.apply, name="online_apply"),
    path("applications/<str:reference>/", online_views.mine_detail, name="online_mine_detail"),
    path("applications/<str:reference>/withdraw/", online_views.withdraw, name="online_withdraw"),
    path("online/", online_views.queue, name="online_queue"),
    path("online/<str:reference>/", online_views.check, name="online_check"),
    path("online/<str:reference>/scans/<int:scan_id>/", online_views.scan, name="online_scan"),
    path("online/<str:reference>/decide/", online_views.decide, name="online_decide"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/receipt/", views.receipt, name="receipt"),
    path("<str:number>/scans/<int:scan_id>/", views.case_scan, name="case_scan"),
    path("<str:number>/act/", views.act, name="act"),
    path("<str:number>/letter.pdf", views.letter, name="letter"),
]
