import pytest


@pytest.fixture(autouse=True)
def _bank_point_under_agreement(request):
    """The cast's teller works at a cooperation point: persons are read and registered there only under
    an agreement in force (tests/test_partner_rights_end_with_the_agreement.py shows it taken away)."""
    if "cast" in request.fixturenames:
        from shebao.testing import under_agreement

        under_agreement(request.getfixturevalue("cast"))
