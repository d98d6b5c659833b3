"""Every write to the catalogue's tables replaces the catalogue's stamp (core.stamps): what a process keeps
of the catalogue is dropped at its next request."""

from django.db import migrations

from shebao.core.stamps import CATALOGUE, triggers_operation

TABLES = [
    "catalog_serviceitem",
    "catalog_itemversion",
    "catalog_material",
    "catalog_bundle",
    "catalog_bundleitem",
]


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_item_version_form_fields"), ("core", "0012_data_stamps")]
    operations = [triggers_operation(CATALOGUE, TABLES)]
