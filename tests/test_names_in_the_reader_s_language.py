"""Names of places in the reader's language (issue 14): agencies, outlets and hall businesses keep a
traditional and an English name; a page in 繁體中文 or English shows the stored one, else (繁體) the
Chinese name converted by OpenCC, and English readers get the Chinese name rather than a guess."""

import pytest

from shebao.core.demo import english_place
from shebao.hall.models import ServiceCategory

pytestmark = pytest.mark.django_db
EN, HANT = {"accept-language": "en"}, {"accept-language": "zh-hant"}


@pytest.fixture
def hall(cast):
    cast.yuzhong_hall.name_en = "Yuzhong Social Insurance Service Hall"
    cast.yuzhong_hall.save(update_fields=["name_en"])
    ServiceCategory.objects.create(
        outlet=cast.yuzhong_hall, code="pension", name="养老保险待遇", name_en="Pensions", prefix="A"
    )
    return cast.yuzhong_hall


def test_the_hall_s_ticket_page_names_the_hall_and_its_businesses_in_the_reader_s_language(client, hall):
    url = f"/hall/{hall.code}/take/"
    english = client.get(url, headers=EN).content.decode()
    assert "Yuzhong Social Insurance Service Hall" in english and "Pensions" in english
    assert "渝中区社保服务大厅" not in english
    traditional = client.get(url, headers=HANT).content.decode()
    assert "渝中區社保服務大廳" in traditional and "養老保險待遇" in traditional  # OpenCC: none stored
    simplified = client.get(url).content.decode()
    assert "渝中区社保服务大厅" in simplified and "养老保险待遇" in simplified


def test_the_outlet_page_in_english_uses_the_stored_name_and_keeps_a_chinese_one_it_has_not(
    client, hall, cast
):
    assert (
        "Yuzhong Social Insurance Service Hall"
        in client.get(f"/outlets/{hall.code}/", headers=EN).content.decode()
    )
    bank = client.get(f"/outlets/{cast.bank_point.code}/", headers=EN).content.decode()
    assert cast.bank_point.name in bank  # no English name stored: the proper name, not a guess


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("渝中区", "Yuzhong District"),
        ("忠县", "Zhong County"),
        ("石柱土家族自治县", "Shizhu Tujia Autonomous County"),
        ("彭水苗族土家族自治县", "Pengshui Miao Tujia Autonomous County"),
    ],
)
def test_the_demo_names_districts_as_their_english_pages_do(chinese, english):
    assert english_place(chinese) == english


def test_a_receipt_in_english_names_the_item_and_the_outlet_in_english(
    client, cast, monkeypatch, settings, tmp_path
):
    from shebao.cases.tests.helpers import accept_unemployment_case, make_world, pin_day
    from shebao.testing import signed_in

    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    world = make_world(cast)
    world.unemployment.name_en = "Unemployment benefit claim"
    world.unemployment.save(update_fields=["name_en"])
    cast.bank_point.name_en = "Guanyinqiao Rural Commercial Bank partner point"
    cast.bank_point.save(update_fields=["name_en"])
    case = accept_unemployment_case(world, {"resident_id_card", "unemployment_registration"})
    page = signed_in(client, cast.teller).get(f"/cases/{case.number}/receipt/", headers=EN).content.decode()
    assert "Unemployment benefit claim" in page and "Guanyinqiao Rural Commercial Bank partner point" in page
    assert "失业保险金申领" not in page
    traditional = client.get(f"/cases/{case.number}/receipt/", headers=HANT).content.decode()
    assert "解除勞動合同證明" in traditional  # the material still owed, converted by OpenCC
