"""Administrators edit scenarios in the Django admin: a template naming an undeclared variable is refused
on the field and nothing is saved; a good change is a new version."""

import pytest

from shebao.notify.models import Scenario, ScenarioVersion
from shebao.testing import signed_in_with_second_factor

pytestmark = pytest.mark.django_db


def form(scenario: Scenario, **changes) -> dict:
    fields = (
        "code", "name", "trigger", "trigger_name", "fallback_channel", "variables", "title_zh_hans",
        "title_zh_hant", "title_en", "body_zh_hans", "body_zh_hant", "body_en", "lead_days",
    )  # fmt: skip
    data = {name: getattr(scenario, name) for name in fields}
    data |= {"audience": '["person"]', "channels": '["inbox"]', "active": "on"}
    data |= {"versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0"}
    return data | changes


def test_an_undeclared_variable_is_refused_on_the_field_and_a_good_change_is_a_version(client, cast, seeded):
    scenario = seeded["benefit_paid"]
    admin = signed_in_with_second_factor(client, cast.admin)
    url = f"/admin/notify/scenario/{scenario.pk}/change/"
    assert admin.get(url).status_code == 200
    refused = admin.post(url, form(scenario, body_en="{name}: {amount} yuan, {bonus} more."))
    assert refused.status_code == 200 and "bonus" in refused.content.decode()
    scenario.refresh_from_db()
    assert scenario.version == 1 and "{bonus}" not in scenario.body_en
    saved = admin.post(url, form(scenario, body_en="{name}: {amount} yuan paid for {month}."))
    assert saved.status_code == 302
    scenario.refresh_from_db()
    assert scenario.version == 2 and scenario.body_en == "{name}: {amount} yuan paid for {month}."
    assert ScenarioVersion.objects.filter(scenario=scenario).count() == 2
