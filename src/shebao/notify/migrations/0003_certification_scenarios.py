from django.db import migrations


def seed(apps, schema_editor):
    """The certification scenarios added after 0002 (certified; benefit stopped on a death): `load` creates
    only the codes that do not exist yet, so an administrator's edits of the others stay."""
    from shebao.notify.seed import load

    load(apps.get_model("notify", "Scenario"), apps.get_model("notify", "ScenarioVersion"))


class Migration(migrations.Migration):
    dependencies = [("notify", "0002_seed_scenarios")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
