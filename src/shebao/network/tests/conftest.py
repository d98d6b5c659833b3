import pytest

from .helpers import make_items


@pytest.fixture
def catalogue(db):
    """Four real catalogue items covering every tier combination (see helpers.ITEMS)."""
    return make_items()
