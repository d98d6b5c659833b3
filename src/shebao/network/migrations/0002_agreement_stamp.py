"""Every write to the agreements or the staff they name replaces the network's stamp (core.stamps): what a
process keeps of them is dropped at its next request, so a suspended agreement stops its tellers at once."""

from django.db import migrations

from shebao.core.stamps import NETWORK, triggers_operation

TABLES = ["network_agreement", "network_agreementstaff"]


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial"), ("core", "0012_data_stamps")]
    operations = [triggers_operation(NETWORK, TABLES)]
