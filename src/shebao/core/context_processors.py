from shebao.core.permissions import staff_of


def shell(request) -> dict:
    """What the base template needs on every page: the staff profile and the large-type preference."""
    return {
        "staff": staff_of(getattr(request, "user", None)),
        "elder_mode": getattr(request, "elder_mode", False),
    }
