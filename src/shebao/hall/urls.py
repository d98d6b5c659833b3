from django.urls import path

from shebao.hall.views import booking, manage, queue, ratings, visits

app_name = "hall"
urlpatterns = [
    # The citizen's ticket, the rating pad.
    path("t/<str:token>/", queue.ticket_page, name="ticket"),
    path("t/<str:token>/status/", queue.ticket_status, name="ticket_status"),
    path("t/<str:token>/rate/", queue.rate, name="rate"),
    path("pad/<str:pad_token>/", queue.pad, name="pad"),
    # A case accepted without a ticket (partner point, online), by the link on its receipt and texts.
    path("c/<str:token>/rate/", ratings.case_rate, name="case_rate"),
    # Appointments.
    path("book/", booking.choose_outlet, name="book_outlet"),
    path("a/", booking.find_appointment, name="find_appointment"),
    path("a/<str:code>/", booking.appointment_page, name="appointment"),
    path("a/<str:code>/<str:action>/", booking.appointment_action, name="appointment_action"),
    # Home visits.
    path("home-visits/request/", visits.request_form, name="home_visit_request"),
    path("home-visits/s/<str:token>/", visits.status, name="home_visit_status"),
    path("home-visits/s/<str:token>/rate/", visits.rate, name="home_visit_rate"),
    path("home-visits/", visits.visit_list, name="home_visits"),
    path("home-visits/new/", visits.staff_request, name="home_visit_new"),
    path("home-visits/<int:visit_id>/", visits.detail, name="home_visit"),
    path("home-visits/<int:visit_id>/record/", visits.record, name="home_visit_record"),
    path("home-visits/<int:visit_id>/photo/", visits.photo, name="home_visit_photo"),
    # Staff.
    path("staff/", manage.hall_home, name="staff_home"),
    path("staff/my-window/", manage.my_window, name="my_window"),
    path("staff/tickets/", manage.my_tickets, name="my_tickets"),
    path("windows/<int:window_id>/", queue.window_page, name="window"),
    path("windows/<int:window_id>/waiting/", queue.window_waiting, name="window_waiting"),
    path("windows/<int:window_id>/<str:action>/", queue.window_action, name="window_action"),
    path("follow-ups/", manage.follow_ups, name="follow_ups"),
    path("follow-ups/<int:follow_up_id>/", manage.follow_up_page, name="follow_up"),
    path("statistics/", manage.statistics_all, name="statistics_all"),
    # One hall (outlet codes never contain a slash, so these come last).
    path("<str:outlet_code>/take/", queue.take, name="take"),
    path("<str:outlet_code>/check-in/", queue.check_in, name="check_in"),
    path("<str:outlet_code>/book/", booking.book, name="book"),
    path("<str:outlet_code>/display/", queue.display, name="display"),
    path("<str:outlet_code>/display/board/", queue.display_board, name="display_board"),
    path("<str:outlet_code>/poster/", queue.poster, name="poster"),
    path("<str:outlet_code>/statistics/", manage.statistics, name="statistics"),
    path("<str:outlet_code>/appointments/", manage.appointments, name="appointments"),
]
