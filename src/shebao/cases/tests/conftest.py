import pytest

from shebao.cases.tests.helpers import make_world, pin_day


@pytest.fixture
def world(cast, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    pin_day(monkeypatch)
    return make_world(cast)
