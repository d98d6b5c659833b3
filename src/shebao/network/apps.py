from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "shebao.network"
    label = "network"
    verbose_name = _("Outlet network")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from shebao.core.models import Outlet
        from shebao.network import cards, rules  # noqa: F401  (register workbench cards and permission rules)
        from shebao.network.models import Agreement, OpeningHours

        # Any change that can move, add, hide or re-filter a point makes the in-process indexes stale.
        # (Bulk writes send no signals: the code doing them calls index.bump_version() itself.)
        for model in (Outlet, OpeningHours, Agreement):
            post_save.connect(_stale, sender=model, dispatch_uid=f"network-stale-save-{model.__name__}")
            post_delete.connect(_stale, sender=model, dispatch_uid=f"network-stale-delete-{model.__name__}")


def _stale(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures: the index is built on first use anyway
    from shebao.network.index import bump_version

    bump_version()
