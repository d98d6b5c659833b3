"""The catalogue's front page keeps its rendered lists (a {% cache %} fragment keyed by the catalogue's
stamp and the language): a renamed or retired item shows at once here; each language has its own."""

from shebao.catalog.models import ServiceItem


def test_a_renamed_item_shows_on_the_front_page_at_once(client, catalogue, django_assert_max_num_queries):
    assert "退休申请" in client.get("/catalog/").content.decode()
    with django_assert_max_num_queries(1):  # the lists come from the kept fragment
        client.get("/catalog/")
    item = ServiceItem.objects.get(code="PEN001")
    item.name = "养老待遇领取申请"
    item.save()
    page = client.get("/catalog/").content.decode()
    assert "养老待遇领取申请" in page


def test_a_retired_item_leaves_the_front_page_at_once(client, catalogue):
    assert 'data-code="PEN001"' in client.get("/catalog/").content.decode()
    ServiceItem.objects.filter(code="PEN001").update(active=False)
    from shebao.catalog.selectors import forget_search_index

    forget_search_index()  # as the post_save signal does; update() sends none
    assert 'data-code="PEN001"' not in client.get("/catalog/").content.decode()


def test_each_language_keeps_its_own_lists(client, catalogue):
    client.get("/catalog/")
    english = client.get("/catalog/", headers={"accept-language": "en"}).content.decode()
    assert "Retirement application (employees&#x27; basic pension)" in english and "退休申请" not in english
