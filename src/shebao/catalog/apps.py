from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "shebao.catalog"
    label = "catalog"
    verbose_name = _("Service catalogue")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from shebao.catalog import cards, rules  # noqa: F401  (register workbench cards and permission rules)
        from shebao.catalog.models import ServiceItem
        from shebao.catalog.selectors import forget_search_index

        post_save.connect(forget_search_index, sender=ServiceItem, dispatch_uid="catalog.search.saved")
        post_delete.connect(forget_search_index, sender=ServiceItem, dispatch_uid="catalog.search.deleted")
