"""GET /api/v1/consult/ask: ranked answers with their links, `confident` false (and the question counted
for staff) when the base cannot answer; the same answer however it is typed: colloquial synonyms,
pinyin, traditional characters, a typo of the same sound. Bad input is a 422 naming the field."""

import pytest

from shebao.consult.models import UnansweredQuestion

pytestmark = pytest.mark.usefixtures("knowledge_base")
ASK = "/api/v1/consult/ask"


def _best(client, q, **extra):
    response = client.get(ASK, {"q": q, **extra})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    "typed",
    [
        "养老钱每月几号到账",  # 养老钱 is 养老金
        "退休金每月几号到账",
        "養老金每月幾號到賬",  # traditional
        "yanglaojin meiyue jihao daozhang",  # pinyin
        "养老经每月几号到账",  # 经 for 金: same sound
    ],
)
def test_the_same_question_however_it_is_typed(client, typed):
    answer = _best(client, typed)
    assert answer["confident"] is True
    assert answer["answers"][0]["id"] == "pension.pay_day"


def test_an_answer_is_shaped_as_documented_with_links_to_the_item(client):
    found = _best(client, "失业金能领几个月", limit="2")
    assert len(found["answers"]) == 2
    first = found["answers"][0]
    assert set(first) == {"id", "question", "answer", "score", "links"} and first["score"] > 0
    lost = _best(client, "社保卡丢了怎么办")["answers"][0]
    kinds = {link["kind"]: link["url"] for link in lost["links"]}
    assert kinds["guide"] == "/catalog/items/CARD002/" and "booking" in kinds and "form" in kinds


def test_a_shared_location_adds_the_nearest_outlet_that_handles_the_item(client, cast):
    found = _best(client, "社保卡丢了怎么办", lat="29.5567", lng="106.5689")  # at the Yuzhong hall
    outlets = [link for link in found["answers"][0]["links"] if link["kind"] == "outlet"]
    assert outlets == [
        {"kind": "outlet", "label": cast.yuzhong_hall.name, "url": f"/outlets/{cast.yuzhong_hall.code}/"}
    ]
    unshared = _best(client, "社保卡丢了怎么办")
    assert not [link for link in unshared["answers"][0]["links"] if link["kind"] == "outlet"]


def test_a_question_outside_the_base_is_not_confident_and_is_counted(client):
    for _ in range(2):
        assert _best(client, "驾照到期了怎么换证")["confident"] is False
    assert UnansweredQuestion.objects.get().count == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": ""}, "q"), ({"q": "   "}, "q"), ({"q": "问" * 501}, "q"),
     ({"q": "养老金", "limit": "0"}, "limit"), ({"q": "养老金", "limit": "11"}, "limit"),
     ({"q": "养老金", "limit": "x"}, "limit")],
)  # fmt: skip
def test_bad_input_is_a_422_naming_the_field_and_counts_nothing(client, params, field):
    response = client.get(ASK, params)
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not UnansweredQuestion.objects.exists()
