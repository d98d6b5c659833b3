"""Every write to the catalogue's tables replaces the catalogue's stamp (core.stamps): what a process keeps
of the catalogue is dropped at its next request."""

from django.db import migrations

from shebao.core.stamps import CATALOGUE, drop_stamp_triggers, stamp_triggers

TABLES = [
    "catalog_serviceitem",
    "catalog_itemversion",
    "catalog_material",
    "catalog_bundle",
    "catalog_bundleitem",
]


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_item_version_form_fields"), ("core", "0012_data_stamps")]
    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: stamp_triggers(schema_editor, CATALOGUE, TABLES),
            lambda apps, schema_editor: drop_stamp_triggers(schema_editor, TABLES),
        )
    ]
