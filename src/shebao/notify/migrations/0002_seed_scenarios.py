from django.db import migrations


def seed(apps, schema_editor):
    from shebao.notify.seed import load

    load(apps.get_model("notify", "Scenario"), apps.get_model("notify", "ScenarioVersion"))


class Migration(migrations.Migration):
    dependencies = [("notify", "0001_notices")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
