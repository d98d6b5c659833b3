"""The nearest-outlet search takes a point in China (lat 3.8..53.6, lng 73.5..135.1): a point outside
(0,0, or Chongqing's latitude with Greenwich's longitude) is a 422 naming the coordinate that is out,
in the reader's language, through the API and the finder page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lat", "lng", "named"),
    [("0", "0", {"lat", "lng"}), ("29.56", "0", {"lng"}), ("60", "106.57", {"lat"})],
)
def test_the_api_refuses_a_point_outside_china_naming_the_coordinate(client, cast, lat, lng, named):
    response = client.get(f"/api/v1/outlets/nearest?lat={lat}&lng={lng}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "outside_china" and set(error["fields"]) == named and "中国" in error["message"]


def test_the_edges_of_the_box_are_inside(client, cast):
    for lat, lng in [("3.8", "73.5"), ("53.6", "135.1")]:
        assert client.get(f"/api/v1/outlets/nearest?lat={lat}&lng={lng}").status_code == 200


def test_the_finder_page_refuses_a_point_outside_china(client, cast):
    response = client.get("/outlets/?lat=0&lng=0", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 422 and "中国" in response.content.decode()
