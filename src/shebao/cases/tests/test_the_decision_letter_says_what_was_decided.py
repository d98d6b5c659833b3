"""Issue 14: the decision letter states what was decided (the last approver's words: amount, from when,
for how long), the item's legal basis and how to appeal (行政复议 within 60 days, 行政诉讼 within 6 months),
on an approval as on a refusal."""

import io

import pypdfium2
import pytest

from shebao.cases import services
from shebao.cases.letters import letter_pdf
from shebao.cases.models import Case
from shebao.cases.tests.helpers import accept_unemployment_case

ALL = {"resident_id_card", "unemployment_registration", "termination_certificate"}
TERMS = "自2027年1月起按月发放失业保险金1737元，共12个月"


def _text(pdf: bytes) -> str:
    page = pypdfium2.PdfDocument(io.BytesIO(pdf))[0]
    return "".join(page.get_textpage().get_text_range().split())


def _decide(world, number, *, last):
    services.case_claim(user=world.cast.reviewer, number=number)
    services.case_approve(user=world.cast.reviewer, number=number, note="材料齐全，符合条件")
    services.case_claim(user=world.cast.approver, number=number)
    last(number)


@pytest.mark.django_db
def test_an_approval_says_what_was_decided_on_which_law_and_how_to_appeal(world):
    case = accept_unemployment_case(world, ALL)
    case.item_version.legal_basis = "《失业保险条例》（国务院令第258号）第十四条、第十六条"
    case.item_version.save()
    _decide(
        world,
        case.number,
        last=lambda n: services.case_approve(user=world.cast.approver, number=n, note=TERMS),
    )
    case = Case.objects.get(pk=case.pk)
    assert case.state == "completed" and case.decision_reason == TERMS
    text = _text(letter_pdf(case, url="https://example.org/t"))
    assert TERMS in text
    assert "《失业保险条例》（国务院令第258号）第十四条、第十六条" in text
    assert "60日" in text and "6个月" in text
    assert "材料齐全" not in text  # the reviewer's opinion is not the decision


@pytest.mark.django_db
def test_a_refusal_keeps_its_reason_and_gains_the_legal_basis(world):
    case = accept_unemployment_case(world, ALL)
    reason = "失业前参保缴费不满1年，不符合《失业保险条例》第十四条"
    _decide(
        world,
        case.number,
        last=lambda n: services.case_reject(user=world.cast.approver, number=n, reason=reason),
    )
    text = _text(letter_pdf(Case.objects.get(pk=case.pk), url="https://example.org/t"))
    assert "".join(reason.split()) in text and "60日" in text and "6个月" in text
