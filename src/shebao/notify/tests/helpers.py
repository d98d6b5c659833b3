"""Scenarios and notices for tests."""

from shebao.notify.models import Scenario
from shebao.notify.services import scenario_save
from shebao.notify.subscribers import forget_scenarios


def a_scenario(code="test_notice", *, channels=("inbox", "sms"), audience=("person",), **fields) -> Scenario:
    values = {
        "name": "测试通知",
        "trigger": "event",
        "trigger_name": "tests.thing.happened",
        "variables": "name month",
        "title_zh_hans": "{month}通知",
        "title_zh_hant": "{month}通知",
        "title_en": "Notice {month}",
        "body_zh_hans": "{name}，{month}的事情办好了。",
        "body_zh_hant": "{name}，{month}的事情辦好了。",
        "body_en": "{name}, done for {month}.",
    } | fields
    scenario = scenario_save(
        scenario=Scenario(code=code, audience=list(audience), channels=list(channels), **values)
    )
    forget_scenarios()  # scenario_save does it when its transaction commits, which a test's never does
    return scenario
