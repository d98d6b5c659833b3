from django.urls import path

from shebao.consult import views

app_name = "consult"

urlpatterns: list = [
    path("pension/", views.pension, name="pension"),
    path("unemployment/", views.unemployment, name="unemployment"),
    path("my-pension/", views.my_pension, name="my_pension"),
    path("staff/pension/<int:person_id>/", views.staff_pension, name="staff_pension"),
]
urlpatterns += [
    path("ask/", views.ask, name="ask"),
    path("ask/hand-over/", views.hand_over, name="hand_over"),
    path("my-questions/", views.mine, name="mine"),
    path("staff/tickets/", views.staff_tickets, name="staff_tickets"),
    path("staff/tickets/<int:ticket_id>/", views.staff_ticket, name="staff_ticket"),
    path("staff/unanswered/", views.unanswered, name="unanswered"),
]
