"""A document real people hold but the rules refuse (the seeds' Taiwan resident with a 9-digit permit
number) is not a reason to turn the person away: a teller records it with a reason, a second person
approves, and the record stays flagged. Without a reason, by the same person, or by an outsider: refused."""

import pytest

from shebao.core.errors import NotAllowed, NotFound, ValidationFailed
from shebao.core.idcards import validate_id
from shebao.core.models import AuditEntry, Role
from shebao.people import services
from shebao.people.models import Person
from shebao.testing import make_staff

pytestmark = pytest.mark.django_db
NINE_DIGITS = "123456789"  # a Taiwan travel permit has 8 digits (or 10 characters): the rules refuse 9
REASON = "本人持有的台胞证为9位号码，已核验原件"


def record(cast, reason=REASON):
    return services.person_register_override(
        user=cast.teller, name="林志明", doc_type="taiwan_travel_permit", number=NINE_DIGITS, reason=reason
    )


def test_a_refused_document_is_recorded_with_a_reason_flagged_and_waiting_for_approval(cast):
    assert not validate_id("taiwan_travel_permit", NINE_DIGITS).valid
    person = record(cast)
    document = person.documents.get()
    assert document.overridden and document.override_pending and document.override_by == cast.teller
    entry = AuditEntry.objects.get(action="people.document.override_recorded")
    assert entry.data["reason"] == REASON and NINE_DIGITS not in str(entry.data)


def jiangbei_manager(cast):
    """A manager over the recording teller's agency (江北)."""
    return make_staff("manager.jb", "赵主任", cast.jiangbei, [Role.MANAGER])


def test_a_second_person_approves_and_the_record_stays_flagged(cast):
    document = record(cast).documents.get()
    manager = jiangbei_manager(cast)
    services.document_override_approve(user=manager, document_id=document.pk)
    document.refresh_from_db()
    assert document.override_approved_by == manager and not document.override_pending
    assert document.overridden
    assert AuditEntry.objects.filter(action="people.document.override_approved").exists()
    with pytest.raises(NotFound):  # approved once only
        services.document_override_approve(user=manager, document_id=document.pk)


def test_the_recording_teller_and_an_outsider_may_not_approve(cast):
    document = record(cast).documents.get()
    # The teller who recorded it, an outsider, a reviewer, and a manager of another district.
    for user in (cast.teller, cast.outsider, cast.reviewer, cast.manager):
        with pytest.raises(NotAllowed):
            services.document_override_approve(user=user, document_id=document.pk)
    document.refresh_from_db()
    assert document.override_pending


@pytest.mark.parametrize("reason", ["", "ok"])
def test_without_a_reason_nothing_is_recorded(cast, reason):
    with pytest.raises(ValidationFailed) as refused:
        record(cast, reason=reason)
    assert "reason" in refused.value.fields and not Person.objects.filter(name="林志明").exists()


def test_only_a_teller_records_an_override(cast):
    with pytest.raises(NotAllowed):
        services.person_register_override(
            user=cast.reviewer,
            name="林志明",
            doc_type="taiwan_travel_permit",
            number=NINE_DIGITS,
            reason=REASON,
        )


def test_the_person_page_flags_the_document(client, cast):
    from django.urls import reverse

    from shebao.testing import signed_in

    person = record(cast)
    page = signed_in(client, cast.teller).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert 'data-testid="document-override"' in page and "等待" in page and NINE_DIGITS not in page
