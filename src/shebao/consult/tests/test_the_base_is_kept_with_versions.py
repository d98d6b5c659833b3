"""The knowledge base in the admin: every save is a new version with who saved it; loading again changes
nothing; a changed guide refreshes the handling answer made from it, unless staff edited that answer."""

import pytest

from shebao.catalog.models import ServiceItem
from shebao.consult import services
from shebao.consult.models import KnowledgePair, KnowledgeVersion
from shebao.core.audit import AuditEntry
from shebao.core.errors import ValidationFailed
from shebao.testing import signed_in_with_second_factor

pytestmark = pytest.mark.usefixtures("knowledge_base")


def test_loading_twice_changes_nothing():
    before = KnowledgeVersion.objects.count()
    assert services.knowledge_load() == {"created": 0, "refreshed": 0}
    assert KnowledgeVersion.objects.count() == before


def test_an_administrator_s_edit_is_a_new_version_and_the_next_question_finds_it(client, cast):
    pair = KnowledgePair.objects.get(key="card.lost")
    admin = signed_in_with_second_factor(client, cast.admin)
    page = admin.get(f"/admin/consult/knowledgepair/{pair.pk}/change/")
    assert page.status_code == 200
    form = {
        "key": pair.key, "topic": pair.topic, "question": pair.question, "answer": pair.answer,
        "alternatives": "\n".join([*pair.alternatives, "医保卡让人捡走了"]),
        "sources": "\n".join(pair.sources), "active": "on",
        "versions-TOTAL_FORMS": "1", "versions-INITIAL_FORMS": "1", "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000", "versions-0-id": str(pair.versions.get().pk),
        "versions-0-pair": str(pair.pk),
    }  # fmt: skip
    response = admin.post(f"/admin/consult/knowledgepair/{pair.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    pair.refresh_from_db()
    assert pair.version == 2 and "医保卡让人捡走了" in pair.alternatives
    assert pair.versions.get(version=2).saved_by == "admin"
    assert pair.versions.get(version=1).content["alternatives"] != pair.alternatives
    assert AuditEntry.objects.filter(action="consult.knowledge.saved", actor_id=cast.admin.pk).exists()
    found = client.get("/api/v1/consult/ask", {"q": "医保卡让人捡走了"}).json()
    assert found["answers"][0]["id"] == "card.lost"


def test_a_changed_guide_refreshes_its_answer_unless_staff_edited_it():
    item = ServiceItem.objects.get(code="CARD003")
    generated = KnowledgePair.objects.get(key="item.CARD003.handling")
    edited = KnowledgePair.objects.get(key="item.CARD003.materials")
    edited.answer = "带身份证原件即可。"
    services.pair_save(pair=edited, saved_by="editor")
    item.name = "社会保障卡解除挂失"
    item.save()
    assert services.knowledge_load() == {"created": 0, "refreshed": 1}
    generated.refresh_from_db()
    edited.refresh_from_db()
    assert "社会保障卡解除挂失" in generated.question and generated.version == 2
    assert edited.answer == "带身份证原件即可。" and edited.version == 2


def test_a_pair_without_an_answer_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        services.pair_save(pair=KnowledgePair(key="x", topic="general", question="问题", answer=" "))
    assert "answer" in refused.value.fields
    assert not KnowledgePair.objects.filter(key="x").exists()


def test_loading_reads_the_catalogue_in_a_few_queries_not_two_an_item(django_assert_max_num_queries):
    """The hourly job reads every guide in force (155 items): it used to cost two queries an item."""
    with django_assert_max_num_queries(3):
        facts = services._item_facts()
    assert len(facts) == ServiceItem.objects.filter(active=True).count()
    une = next(f for f in facts if f.code == "UNE001")
    assert une.materials == tuple(
        (m.name, m.form, m.requirement, m.defer_days)
        for m in ServiceItem.objects.get(code="UNE001").current_version().materials.order_by("position")
    )
