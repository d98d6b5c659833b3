"""The review flows are part of the catalogue an intake reads: writing them replaces its stamp too."""

from django.db import migrations

from shebao.core.stamps import CATALOGUE, drop_stamp_triggers, stamp_triggers

TABLES = ["cases_reviewflow", "cases_flowstep"]


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_application_form_answers"), ("core", "0012_data_stamps")]
    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: stamp_triggers(schema_editor, CATALOGUE, TABLES),
            lambda apps, schema_editor: drop_stamp_triggers(schema_editor, TABLES),
        )
    ]
