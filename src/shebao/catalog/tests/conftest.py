import pytest


@pytest.fixture
def catalogue(db):
    """The full seed catalogue, loaded through the importer."""
    from shebao.catalog import demo

    demo.seed()
    return demo
