from django.db import migrations


def seed(apps, schema_editor):
    """The insurance-stopped scenario added after 0004: `load` creates only the codes that do not exist yet,
    so an administrator's edits of the others stay."""
    from shebao.notify.seed import load

    load(apps.get_model("notify", "Scenario"), apps.get_model("notify", "ScenarioVersion"))


class Migration(migrations.Migration):
    dependencies = [("notify", "0004_consultation_scenario")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
