"""A home visit at 0,0 (a phone without a fix) was assigned to a point 11,604 km away: a location outside
China is refused with a field error in the reader's language, through the API and the public form, and
no request is kept. The district alone still makes a request."""

import pytest

from shebao.hall.models import HomeVisit
from shebao.network.index import bump_version

pytestmark = pytest.mark.django_db

REQUEST = {
    "person_name": "李秀英",
    "doc_type": "resident_id",
    "doc_number": "500103195303071224",
    "phone": "13812345678",
    "district": "500103",
    "address": "渝中区解放碑街道民族路 88 号",
    "need": "certification",
    "requester_relation": "self",
}


@pytest.mark.parametrize(("lat", "lng"), [(0, 0), (40.7, -74.0), (51.5, -0.12)])  # 0,0; New York; London
def test_the_api_refuses_a_home_visit_outside_china(client, hall, lat, lng):
    bump_version()
    response = client.post(
        "/api/v1/hall/home-visits",
        REQUEST | {"lat": lat, "lng": lng},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 422
    message = response.json()["error"]["fields"]["location"]
    assert "中国" in message and not HomeVisit.objects.exists()


def test_the_public_form_refuses_a_location_outside_china(client, hall):
    bump_version()
    response = client.post("/hall/home-visits/request/", REQUEST | {"lat": "0", "lng": "0"})
    assert response.status_code == 422 and "location" in response.context["error"].fields
    assert not HomeVisit.objects.exists()


def test_a_location_in_chongqing_is_kept(client, hall):
    bump_version()
    body = REQUEST | {"lat": 29.5567, "lng": 106.5689}
    response = client.post("/api/v1/hall/home-visits", body, content_type="application/json")
    assert response.status_code == 201 and HomeVisit.objects.get().latitude == 29.5567
