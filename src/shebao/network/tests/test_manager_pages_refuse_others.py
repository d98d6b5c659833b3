"""Every page of the network app is either public (the map, its district outlines, an outlet's page,
its plaque) or a manager's:
a manager's page sends an anonymous visitor to sign in and refuses the cast's teller and outsider, GET
and POST alike. The URL names are enumerated, so a page added later must be listed here to pass."""

import pytest
from django.urls import reverse

from shebao.network.models import Agreement, AgreementStaff
from shebao.testing import named_urls, signed_in

from .helpers import small_network

pytestmark = pytest.mark.django_db
PUBLIC = {"network:map", "network:outlines", "network:outlet", "network:plaque"}
NUMBER, CODE = "XY-TEST-1", "CQ-JB-B001"  # the agreement and the bank point of small_network
# name: (arguments, method)
MANAGERS = {
    "network:coverage": ([], "get"),
    "network:overseen": ([], "get"),
    "network:agreement": ([NUMBER], "get"),
    "network:agreement_new": ([CODE], "get"),
    "network:agreement_authorise": ([NUMBER], "post"),
    "network:agreement_revoke": ([NUMBER], "post"),
    "network:agreement_change": ([NUMBER, "end"], "post"),
    "network:outlet_status": ([CODE], "post"),
}
POSTED = {"reason": "x", "status": "closed", "step": "check", "number": "N-1", "partner": "x"}


def test_every_page_of_the_network_app_is_either_public_or_listed_as_a_manager_s():
    assert set(named_urls("network")) == PUBLIC | set(MANAGERS)


@pytest.mark.parametrize("name", sorted(MANAGERS))
def test_a_manager_s_page_sends_an_anonymous_visitor_to_sign_in(client, cast, catalogue, name):
    small_network(cast)
    args, method = MANAGERS[name]
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize("who", ["teller", "outsider"])
@pytest.mark.parametrize("name", sorted(MANAGERS))
def test_a_manager_s_page_refuses_the_teller_and_the_outsider(client, cast, catalogue, name, who):
    small_network(cast)
    args, method = MANAGERS[name]
    data = {**POSTED, "staff": cast.teller.staff.pk} if method == "post" else {}
    response = getattr(signed_in(client, getattr(cast, who)), method)(reverse(name, args=args), data)
    assert response.status_code == 403
    assert Agreement.objects.get().status == "active" and AgreementStaff.objects.count() == 1
