import pytest

from .helpers import make_items


@pytest.fixture
def catalogue(db):
    """Four real catalogue items covering every tier combination (see helpers.ITEMS)."""
    return make_items()


@pytest.fixture
def jiangbei_manager(cast):
    """A manager of the Jiangbei agency, over the cast's bank point (the cast's manager is Yuzhong's)."""
    from shebao.core.models import Role
    from shebao.testing import make_staff

    return make_staff("jb-manager", "江北主任", cast.jiangbei, [Role.MANAGER])
