"""Every write to the agreements or the staff they name replaces the network's stamp (core.stamps): what a
process keeps of them is dropped at its next request, so a suspended agreement stops its tellers at once."""

from django.db import migrations

from shebao.core.stamps import NETWORK, drop_stamp_triggers, stamp_triggers

TABLES = ["network_agreement", "network_agreementstaff"]


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial"), ("core", "0012_data_stamps")]
    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: stamp_triggers(schema_editor, NETWORK, TABLES),
            lambda apps, schema_editor: drop_stamp_triggers(schema_editor, TABLES),
        )
    ]
