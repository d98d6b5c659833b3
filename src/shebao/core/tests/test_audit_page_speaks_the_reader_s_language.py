"""The audit page says what happened in the reader's language ("参保人：查阅"), not in codes
("people.person.viewed"); an action no label covers yet is still shown, as its code."""

import pytest
from django.urls import reverse

from shebao.core.audit import log_action
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def test_the_audit_page_names_objects_and_actions_in_chinese(client, cast):
    log_action("people.person.viewed", actor=cast.teller, obj=cast.person)
    log_action("core.test.happened", actor=cast.teller)
    page = signed_in(client, cast.auditor).get(reverse("core:audit_log")).content.decode()
    assert "参保人：查阅" in page
    assert "people.person.viewed</td>" not in page and "<code>people.person.viewed" not in page
    assert "core.test.happened" in page  # no label yet: the code, never nothing


def test_in_english_the_same_lines_are_english(client, cast):
    log_action("people.person.viewed", actor=cast.teller, obj=cast.person)
    client.cookies["shebao_language"] = "en"
    page = signed_in(client, cast.auditor).get(reverse("core:audit_log")).content.decode()
    assert "person: viewed" in page.lower()
