"""Behind a reverse proxy (NUM_PROXIES), the portal's per-address budget for sign-in codes counts each
citizen's address, not the proxy's: ten sign-ins in ten minutes no longer block everyone."""

import pytest


@pytest.mark.django_db
def test_behind_a_proxy_ten_citizens_signing_in_do_not_block_the_eleventh(client, settings, cast):
    """The portal's per-address budget for sign-in codes counts each citizen, not the proxy."""
    from shebao.people.citizens import PER_CLIENT

    settings.NINJA_NUM_PROXIES = 1
    for n in range(PER_CLIENT[0]):
        client.post(
            "/my/sign-in/", {"number": f"50010319530307{n:04d}"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
    other = client.post("/my/sign-in/", {"number": "500103195303071224"}, HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert other.status_code == 302  # on to the code page, not refused
    for n in range(PER_CLIENT[0]):
        client.post("/my/sign-in/", {"number": f"50010319530307{n:04d}"}, HTTP_X_FORWARDED_FOR="203.0.113.77")
    refused = client.post(
        "/my/sign-in/", {"number": "500103195303071224"}, HTTP_X_FORWARDED_FOR="203.0.113.77"
    )
    assert refused.status_code == 429
