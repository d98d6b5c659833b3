import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls in the same tests are
# still synchronous, so Django's async-safety guard must not trip on them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def cast(db):
    from shebao.core.testing import make_cast

    return make_cast()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Throttles and lock-outs live in the cache; one test's must not leak into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_configure(config):
    from django.conf import settings

    # Real hashing costs ~0.3 s a user; the suite creates hundreds. Sign-in tests still hash for real.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
