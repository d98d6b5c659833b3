"""Coverage and siting are for one region: an empty region code is a 422 naming the field, in the
error shape and the reader's language (it was an HTML 500)."""

import pytest

from shebao.testing import signed_in, signed_in_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/coverage", "/api/v1/siting"])
@pytest.mark.parametrize("who", ["manager", "admin"])
def test_an_empty_region_is_a_422_naming_the_region(client, cast, path, who):
    sign_in = signed_in_with_second_factor if who == "admin" else signed_in  # the admin needs it
    response = sign_in(client, getattr(cast, who)).get(f"{path}?region=", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == ["region"]
    assert any("\u4e00" <= c <= "\u9fff" for c in error["fields"]["region"])
