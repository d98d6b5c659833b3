def test_search_is_ranked_and_filtered(catalogue, client):
    body = client.get("/api/v1/catalog/items", {"q": "tuixiu"}).json()
    assert body[0]["code"] == "PEN001" and body[0]["url"].endswith("/catalog/items/PEN001/")
    cards = client.get("/api/v1/catalog/items", {"category": "card", "channel": "kiosk"}).json()
    assert cards and all(i["category"] == "card" and "kiosk" in i["channels"] for i in cards)


def test_one_item_has_its_guide_and_materials(catalogue, client):
    body = client.get("/api/v1/catalog/items/SUR001").json()
    assert body["version"]["number"] == 1 and body["version"]["time_limit_days"] == 10
    assert "death_certificate" in [m["key"] for m in body["materials"]]
    assert client.get(body["qr_svg"]).status_code == 200


def test_a_bundle_has_merged_materials(catalogue, client):
    body = client.get("/api/v1/catalog/bundles/staff-changes").json()
    assert len(body["items"]) == 14
    keys = [m["key"] for m in body["materials"]]
    assert len(keys) == len(set(keys))


def test_unknown_codes_and_filters_get_the_error_shape(catalogue, client):
    response = client.get("/api/v1/catalog/items/NOPE")
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_item"
    response = client.get("/api/v1/catalog/bundles/NOPE")
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_bundle"
    response = client.get("/api/v1/catalog/items", {"category": "nonsense"})
    assert response.status_code == 422 and "category" in response.json()["error"]["fields"]


def test_public_pages_answer_anyone(catalogue, client):
    for url in [
        "/catalog/",
        "/catalog/?q=sbk",
        "/catalog/items/PEN001/",
        "/catalog/items/PEN001/notice/",
        "/catalog/bundles/retirement/",
        "/catalog/wizard/?who=person&event=retiring",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get("/catalog/items/NOPE/").status_code == 404
    assert client.get("/catalog/items/NOPE/qr.svg").status_code == 404
    pdf = client.get("/catalog/items/PEN001/guide.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_wizard_leads_to_a_bundle_and_its_materials(catalogue, client):
    page = client.get("/catalog/wizard/", {"who": "relative", "event": "death"}).content.decode()
    assert "death-employee" in page and 'data-testid="wizard-result"' not in page  # asks which one
    page = client.get("/catalog/wizard/", {"who": "relative", "event": "death", "bundle": "death-employee"})
    text = page.content.decode()
    assert 'data-testid="wizard-result"' in text and text.count('data-key="resident_id_card"') == 1
    page = client.get("/catalog/wizard/", {"who": "person", "event": "need_proof"}).content.decode()
    assert "REC001" in page and 'data-testid="wizard-result"' in page
