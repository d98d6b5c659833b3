"""A woman's statutory retirement age follows her post (cadre: originally 55; worker: originally 50). The
back office of her home agency records it from her file (audited); until then she is a worker (the
earlier age: told early rather than late). The retirement scans, the retirement-age page and the pension
estimate all follow it; nobody else may record it, and a man has none."""

from datetime import date

import pytest

from shebao.core.audit import AuditEntry
from shebao.core.retirement import Category, format_month, month_index
from shebao.notify.models import Notice
from shebao.notify.scans import births_retiring_in, category_of, scan_notices
from shebao.notify.tests.test_daily_scans import insured
from shebao.people.models import Person, Post
from shebao.testing import signed_in

pytestmark = pytest.mark.django_db


def test_the_back_office_of_her_agency_records_her_post_and_no_one_else(client, cast):
    url = f"/staff/persons/{cast.person.pk}/post/"
    for outsider in (cast.outsider, cast.teller):  # another district's reviewer; a partner point's teller
        refused = signed_in(client.__class__(), outsider).post(url, {"post": "cadre"})
        assert refused.status_code in (403, 404)
    assert Person.objects.get(pk=cast.person.pk).post == ""
    reviewer = signed_in(client, cast.reviewer)
    page = reviewer.get(f"/staff/persons/{cast.person.pk}/").content.decode()
    assert 'data-testid="post-form"' in page
    reviewer.post(url, {"post": "cadre"})
    assert Person.objects.get(pk=cast.person.pk).post == Post.CADRE
    entry = AuditEntry.objects.get(action="people.person.post_recorded")
    assert entry.actor_id == cast.reviewer.pk and entry.data == {"from": "", "to": "cadre"}
    reviewer.post(url, {"post": "manager"})  # not a post
    assert Person.objects.get(pk=cast.person.pk).post == Post.CADRE


def test_a_man_has_no_post(client, cast):
    man = insured("王建国", "M", date(1966, 5, 1), cast.yuzhong)
    reviewer = signed_in(client, cast.reviewer)
    assert 'data-testid="post-form"' not in reviewer.get(f"/staff/persons/{man.pk}/").content.decode()
    reviewer.post(f"/staff/persons/{man.pk}/post/", {"post": "cadre"})
    assert Person.objects.get(pk=man.pk).post == "" and category_of(man) == Category.MALE


def test_the_scan_tells_each_woman_at_the_age_of_her_post(cast, seeded):
    day = date(2026, 12, 3)
    target = month_index(2027, 3)  # the scan's lead time: three months ahead
    cadre_birth = births_retiring_in(Category.FEMALE_CADRE, target)
    worker_birth = births_retiring_in(Category.FEMALE_WORKER, target)
    assert cadre_birth is not None and worker_birth is not None and cadre_birth < worker_birth
    cadre = insured("李干部", "F", date(cadre_birth // 12, cadre_birth % 12 + 1, 10), cast.yuzhong)
    cadre.post = Post.CADRE
    cadre.save()
    worker = insured("张工人", "F", date(worker_birth // 12, worker_birth % 12 + 1, 10), cast.yuzhong)
    born = date(cadre_birth // 12, cadre_birth % 12 + 1, 20)
    unknown_cadre_age = insured("陈未知", "F", born, cast.yuzhong)
    scan_notices(day)
    told = set(Notice.objects.filter(scenario__code="retirement_due").values_list("person__name", flat=True))
    # The woman of unknown post born in the cadre's month was told years ago, at the worker's age.
    assert told == {cadre.name, worker.name} and unknown_cadre_age.name not in told
    notice = Notice.objects.get(scenario__code="retirement_due", person=cadre)
    assert notice.data["retire_on"] == format_month(target)


def test_her_pages_follow_her_post(client, cast):
    from shebao.people.tests.citizen_helpers import sign_in

    cast.person.post = Post.CADRE
    cast.person.save()
    sign_in(client, "500103195303071224", cast.person.phone)
    page = client.get("/notices/retirement-age/").content.decode()
    assert 'value="female_cadre" selected' in page or 'value="female_cadre" checked' in page
    estimate = client.get("/consult/pension/").content.decode()
    assert 'name="retire_age_years"' in estimate and 'value="55"' in estimate  # born 1953: 55 as a cadre
    assert "check your age" not in estimate and "核实" not in estimate
