"""Who may change the catalogue (see core.permissions): system administrators load and edit items."""

from shebao.core.models import Role
from shebao.core.permissions import rule


@rule("catalog.catalogue.import")
def may_import_catalogue(staff, obj) -> bool:
    return staff.has_role(Role.ADMIN)


@rule("catalog.item.publish")
def may_publish_version(staff, obj) -> bool:
    return staff.has_role(Role.ADMIN)


@rule("catalog.item.edit")
def may_edit_item(staff, obj) -> bool:
    return staff.has_role(Role.ADMIN)


@rule("catalog.bundle.edit")
def may_edit_bundle(staff, obj) -> bool:
    return staff.has_role(Role.ADMIN)
