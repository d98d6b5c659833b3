from django.urls import path

from shebao.hall import views

app_name = "hall"
urlpatterns = [
    path("t/<str:token>/", views.ticket_page, name="ticket"),
    path("t/<str:token>/status/", views.ticket_status, name="ticket_status"),
    path("t/<str:token>/rate/", views.rate, name="rate"),
    path("windows/<int:window_id>/", views.window_page, name="window"),
    path("windows/<int:window_id>/<str:action>/", views.window_action, name="window_action"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:follow_up_id>/", views.follow_up_page, name="follow_up"),
    path("<str:outlet_code>/take/", views.take, name="take"),
    path("<str:outlet_code>/display/", views.display, name="display"),
    path("<str:outlet_code>/display/board/", views.display_board, name="display_board"),
    path("<str:outlet_code>/poster/", views.poster, name="poster"),
    path("<str:outlet_code>/statistics/", views.statistics, name="statistics"),
]
