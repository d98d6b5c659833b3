import pytest


@pytest.fixture
def knowledge_base(db):
    """The seed catalogue and the knowledge base made from it and the written answers (as the demo does)."""
    from shebao.catalog import demo
    from shebao.consult import services

    demo.seed()
    services.knowledge_load()
