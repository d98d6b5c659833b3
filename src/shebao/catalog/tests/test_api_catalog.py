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
    assert client.get(body["pdf"])["Content-Type"] == "application/pdf"


def test_a_bundle_has_merged_materials(catalogue, client):
    body = client.get("/api/v1/catalog/bundles/staff-changes").json()
    assert len(body["items"]) == 14 and body["items"][0]["url"].startswith("http://testserver/catalog/items/")
    assert client.get(body["qr_svg"]).status_code == 200 and client.get(body["pdf"]).status_code == 200
    keys = [m["key"] for m in body["materials"]]
    assert len(keys) == len(set(keys))


def test_each_filter_narrows_the_ranked_results(catalogue, client):
    employer = client.get("/api/v1/catalog/items", {"q": "dengji", "applicant_type": "employer"}).json()
    assert employer and all("employer" in i["applicant_types"] for i in employer)
    bank = client.get("/api/v1/catalog/items", {"q": "社保卡", "channel": "cooperation"}).json()
    assert bank and all("cooperation" in i["channels"] and "premium" in i["outlet_tiers"] for i in bank)
    assert bank[0]["category"] == "card"


def test_unknown_codes_and_filters_get_the_error_shape(catalogue, client):
    response = client.get("/api/v1/catalog/items/NOPE")
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_item"
    response = client.get("/api/v1/catalog/bundles/NOPE")
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_bundle"
    for name in ("category", "channel", "applicant_type"):
        response = client.get("/api/v1/catalog/items", {name: "nonsense"})
        assert response.status_code == 422 and name in response.json()["error"]["fields"], name
        assert response.json()["error"]["code"] == "invalid"


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
    for url in [
        "/catalog/items/NOPE/",
        "/catalog/items/NOPE/qr.svg",
        "/catalog/items/NOPE/guide.pdf",
        "/catalog/items/NOPE/notice/",
        "/catalog/bundles/NOPE/",
        "/catalog/bundles/NOPE/qr.svg",
        "/catalog/bundles/NOPE/guide.pdf",
    ]:
        assert client.get(url).status_code == 404, url
    for url in ["/catalog/items/PEN001/guide.pdf", "/catalog/bundles/retirement/guide.pdf"]:
        pdf = client.get(url)
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF"), url
    qr = client.get("/catalog/bundles/retirement/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_the_one_time_notice_form_lists_every_material_with_a_box_to_tick(catalogue, client):
    guide_materials = client.get("/api/v1/catalog/items/SUR001").json()["materials"]
    page = client.get("/catalog/items/SUR001/notice/").content.decode()
    assert "丧葬补助金和抚恤金申领" in page and "SUR001" in page
    assert page.count('class="box"') == len(guide_materials)
    assert all(m["name"] in page for m in guide_materials)
    deferrable = next(m for m in guide_materials if m["requirement"] == "deferrable")
    assert f"{deferrable['defer_days']} working days" in page or f"{deferrable['defer_days']}个工作日" in page


def test_the_wizard_leads_to_a_bundle_and_its_materials(catalogue, client):
    page = client.get("/catalog/wizard/", {"who": "relative", "event": "death"}).content.decode()
    assert "death-employee" in page and 'data-testid="wizard-result"' not in page  # asks which one
    page = client.get("/catalog/wizard/", {"who": "relative", "event": "death", "bundle": "death-employee"})
    text = page.content.decode()
    assert 'data-testid="wizard-result"' in text and text.count('data-key="resident_id_card"') == 1
    page = client.get("/catalog/wizard/", {"who": "person", "event": "need_proof"}).content.decode()
    assert "REC001" in page and 'data-testid="wizard-result"' in page


def test_the_wizard_asks_a_mover_whether_the_move_leaves_the_province(catalogue, client):
    page = client.get("/catalog/wizard/", {"who": "person", "event": "moving"}).content.decode()
    assert "bundle=moving-province" in page and "bundle=moving-city" in page
    page = client.get("/catalog/wizard/", {"who": "person", "event": "moving", "bundle": "moving-city"})
    text = page.content.decode()
    assert 'data-testid="wizard-result"' in text and "TRA002" in text
    assert text.count('data-key="resident_id_card"') == 1


def test_the_wizard_ignores_answers_it_does_not_know(catalogue, client):
    page = client.get("/catalog/wizard/", {"who": "hacker", "event": "death"}).content.decode()
    wizard = page.split('id="wizard"')[1]
    assert 'data-testid="wizard-result"' not in wizard and "&amp;event=" not in wizard  # back to question 1
    page = client.get("/catalog/wizard/", {"who": "person", "event": "death"}).content.decode()
    assert 'data-testid="wizard-result"' not in page.split('id="wizard"')[1]  # not one of a person's events
