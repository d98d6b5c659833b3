"""Issue 14: the accept page offers only the items this window may accept (its tier, its agreement, the
teller's authorisation), searched with the catalogue's search; an item outside them is met before the form
with the nearest outlets that can accept it, not with a 403 after the form."""

from shebao.network.index import bump_version
from shebao.testing import signed_in

PERSON = "500103195303071224"


def choose_person(client, world, **params):
    """Find the applicant by document number, then search or choose on the page that opens."""
    found = client.get("/cases/accept/", {"doc": PERSON}, follow=True)
    assert found.status_code == 200 and world.cast.person.name in found.content.decode()
    return client.get("/cases/accept/", {"person": world.cast.person.pk, **params})


def test_the_bank_point_lists_only_the_items_of_its_agreement(client, world):
    signed_in(client, world.cast.teller)
    body = choose_person(client, world).content.decode()
    assert 'data-testid="choose-T-UNE"' in body and 'data-testid="choose-T-REC"' in body
    assert 'data-testid="choose-T-PEN"' not in body  # halls only


def test_searching_an_item_outside_the_window_names_the_nearest_outlet_that_accepts_it(client, world):
    bump_version()
    signed_in(client, world.cast.teller)
    page = choose_person(client, world, q="退休")
    body = page.content.decode()
    assert 'data-testid="choose-T-PEN"' not in body
    assert 'data-testid="elsewhere-T-PEN"' in body
    assert f'data-testid="nearby-{world.cast.yuzhong_hall.code}"' in body


def test_an_item_outside_the_window_is_refused_before_the_form_with_where_to_go(client, world):
    bump_version()
    signed_in(client, world.cast.teller)
    page = choose_person(client, world, item="T-PEN")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="accept-form"' not in body
    assert f'data-testid="nearby-{world.cast.yuzhong_hall.code}"' in body


def test_a_teller_not_named_for_accepting_is_told_so_with_nothing_to_choose(client, world):
    from shebao.network.models import AgreementStaff, Step

    AgreementStaff.objects.filter(step=Step.ACCEPT).delete()
    signed_in(client, world.cast.teller)
    body = choose_person(client, world).content.decode()
    assert 'data-testid="window-accepts-nothing"' in body and 'data-testid="choose-T-UNE"' not in body
