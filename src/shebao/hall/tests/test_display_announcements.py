"""叫号: each called ticket on the hall display carries the words to speak, in the display's language, and
a call key that a recall changes (the display's script speaks a key once)."""

import re

import pytest

from shebao.hall.services import call_next, ticket_recall, ticket_start, ticket_take, ticket_transfer

pytestmark = pytest.mark.django_db


def calls_on_board(client, language="zh-hans") -> list[tuple[str, str]]:
    client.cookies["shebao_language"] = language
    board = client.get("/hall/CQ-YZ-H001/display/board/").content.decode()
    return re.findall(r'data-call="([^"]+)" data-announce="([^"]+)"', board)


def test_the_called_ticket_carries_its_announcement_in_the_displays_language(client, hall):
    ticket_take(outlet=hall.outlet, category_code="pension")
    call_next(user=hall.teller, window=hall.window1)
    assert [text for _call, text in calls_on_board(client)] == ["请A001号到1号窗口办理"]
    assert [text for _call, text in calls_on_board(client, "zh-hant")] == ["請A001號到1號窗口辦理"]
    assert [text for _call, text in calls_on_board(client, "en")] == [
        "Number A001, please go to window 1 for your service"
    ]


def test_a_recall_is_a_new_call_and_a_refresh_is_not(client, hall):
    ticket_take(outlet=hall.outlet, category_code="pension")
    ticket = call_next(user=hall.teller, window=hall.window1)
    first = calls_on_board(client)
    assert calls_on_board(client) == first
    ticket_recall(user=hall.teller, ticket=ticket)
    again = calls_on_board(client)
    assert again[0][1] == first[0][1] and again[0][0] != first[0][0]


def test_a_ticket_taken_again_after_a_transfer_is_a_new_call_under_the_same_number(client, hall):
    ticket_take(outlet=hall.outlet, category_code="pension")
    ticket = call_next(user=hall.teller, window=hall.window1)
    first = calls_on_board(client)
    ticket_start(user=hall.teller, ticket=ticket)
    ticket_transfer(user=hall.teller, ticket=ticket, to_window=hall.window2, to_category=None)
    call_next(user=hall.teller, window=hall.window2)
    again = calls_on_board(client)
    assert "A001" in again[0][1] and again[0][0] != first[0][0]


def test_a_recalled_ticket_goes_back_on_top_of_the_board_and_keeps_its_first_call_time(client, hall):
    ticket_take(outlet=hall.outlet, category_code="pension")
    ticket_take(outlet=hall.outlet, category_code="pension")
    first = call_next(user=hall.teller, window=hall.window1)
    call_next(user=hall.teller, window=hall.window2)
    assert "A002" in calls_on_board(client)[0][1]
    called_at = first.called_at
    ticket_recall(user=hall.teller, ticket=first)
    assert "A001" in calls_on_board(client)[0][1]  # the number being spoken is the one shown on top
    first.refresh_from_db()
    assert first.called_at == called_at and first.last_called_at > called_at  # waiting time unchanged
