"""Scenarios are data with versions; a template may only use the variables its scenario declares, and a
notice whose variable has no value is refused, never sent with a hole."""

import pytest

from shebao.core import events
from shebao.core.errors import ValidationFailed
from shebao.notify.models import Delivery, Notice, NoticeState, Scenario, ScenarioVersion
from shebao.notify.services import scenario_save
from shebao.notify.tests.helpers import a_scenario

pytestmark = pytest.mark.django_db


def test_a_template_naming_an_undeclared_variable_is_refused_naming_the_field(cast):
    with pytest.raises(ValidationFailed) as refused:
        a_scenario(body_en="{name}, your {amount} yuan.")
    assert set(refused.value.fields) == {"body_en"}
    assert "amount" in str(refused.value.fields["body_en"])
    assert not Scenario.objects.filter(code="test_notice").exists()


def test_unpaired_braces_and_unknown_channels_are_refused(cast):
    with pytest.raises(ValidationFailed) as refused:
        a_scenario(title_zh_hant="{month通知", channels=("inbox", "pigeon"))
    assert set(refused.value.fields) == {"title_zh_hant", "channels"}


def test_every_save_is_a_new_version_kept_with_its_content(cast):
    scenario = a_scenario()
    scenario.body_en = "{name}: {month} is done."
    scenario_save(scenario=scenario, actor=cast.admin)
    scenario.refresh_from_db()
    assert scenario.version == 2
    versions = ScenarioVersion.objects.filter(scenario=scenario).order_by("version")
    assert [v.content["body_en"] for v in versions] == [
        "{name}, done for {month}.",
        "{name}: {month} is done.",
    ]
    assert versions[1].saved_by == "admin"


def test_a_notice_whose_variable_has_no_value_is_refused_and_nothing_is_delivered(cast):
    a_scenario()
    events.publish("tests.thing.happened", person_id=cast.person.pk, period="p1")  # no month
    notice = Notice.objects.get()
    assert notice.state == NoticeState.REFUSED and "month" in notice.error
    assert not Delivery.objects.exists()


def test_the_shipped_scenarios_all_pass_the_check(seeded):
    from shebao.notify.services import scenario_check

    assert len(seeded) >= 15
    for scenario in seeded.values():
        scenario_check(scenario)
