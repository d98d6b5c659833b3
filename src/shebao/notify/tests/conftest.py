import pytest


@pytest.fixture(autouse=True)
def _scenarios_read_afresh():
    """The events' scenario lookup is kept a minute per process; each test reads its own scenarios."""
    from shebao.notify.subscribers import forget_scenarios

    forget_scenarios()
    yield
    forget_scenarios()


@pytest.fixture
def seeded(db):
    """The shipped scenarios (migration 0002 loads them; a flushed database has lost them)."""
    from shebao.notify import seed
    from shebao.notify.models import Scenario, ScenarioVersion

    seed.load(Scenario, ScenarioVersion)
    return {s.code: s for s in Scenario.objects.all()}


@pytest.fixture
def catalogue(db):
    """The full seed catalogue (the retirement bundle's items), loaded through the importer."""
    from shebao.catalog import demo

    demo.seed()
    return demo
