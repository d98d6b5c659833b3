from django.db import migrations


def seed(apps, schema_editor):
    """The new employer's welcome added after 0005: `load` creates only the codes that do not exist yet, so
    an administrator's edits of the others stay."""
    from shebao.notify.seed import load

    load(apps.get_model("notify", "Scenario"), apps.get_model("notify", "ScenarioVersion"))


class Migration(migrations.Migration):
    dependencies = [("notify", "0005_insurance_stopped_scenario")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
