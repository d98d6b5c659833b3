"""The review flows are part of the catalogue an intake reads: writing them replaces its stamp too."""

from django.db import migrations

from shebao.core.stamps import CATALOGUE, triggers_operation

TABLES = ["cases_reviewflow", "cases_flowstep"]


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_application_form_answers"), ("core", "0012_data_stamps")]
    operations = [triggers_operation(CATALOGUE, TABLES)]
