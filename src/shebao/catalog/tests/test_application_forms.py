"""Application forms as catalogue data (issue 14): an item's version carries the fields its form asks for,
loaded from the importer's `fields` sheet (all or nothing, every bad line named), exported back unchanged,
and checked with every missing or wrong answer named at once."""

import pytest
from django.utils import translation

from shebao.catalog import exporter, importer, services
from shebao.catalog.application_form import FormField, form_check, form_of
from shebao.catalog.models import ItemVersion, ServiceItem
from shebao.core.errors import ValidationFailed

HEADER = ",".join(importer.FIELD_COLUMNS)


def _fields_csv(*lines: str) -> dict:
    return importer.read_upload("fields.csv", "\n".join([HEADER, *lines]).encode(), "fields")


def _form(code: str) -> list[FormField]:
    return form_of([ServiceItem.objects.get(code=code).current_version()])


def test_the_seed_unemployment_claim_asks_for_its_form(catalogue):
    keys = [f.key for f in _form("UNE001")]
    assert keys == ["leaving_date", "leaving_reason", "bank_account", "bank_name", "phone"]
    reason = _form("UNE001")[1]
    assert reason.kind == "choice" and "用人单位解除劳动合同" in reason.choices
    with translation.override("en"):
        assert reason.shown_label == "Why the job ended"
        assert ("用人单位解除劳动合同", "Dismissed by the employer") in reason.shown_choices
    with translation.override("zh-hant"):
        assert reason.shown_label == "離職原因"


def test_every_wrong_or_missing_answer_is_named_at_once(catalogue):
    answers = {"leaving_date": "2026-13-01", "leaving_reason": "我自己不想干了", "bank_account": "6222 0210",
               "bank_name": "", "phone": "12345"}  # fmt: skip
    with translation.override("en"), pytest.raises(ValidationFailed) as refused:
        form_check(_form("UNE001"), answers)
    assert set(refused.value.fields) == {f"form_{k}" for k in answers}
    assert "YYYY-MM-DD" in str(refused.value.fields["form_leaving_date"])
    assert "Bank" in str(refused.value.fields["form_bank_name"])  # missing: named by its label


def test_good_answers_are_cleaned(catalogue):
    answers = {
        "leaving_date": "2026-11-30", "leaving_reason": "劳动合同期满终止",
        "bank_account": "6222 0210 0112 3456 789", "bank_name": " 工商银行 ", "phone": "139-0000-1111",
    }  # fmt: skip
    assert form_check(_form("UNE001"), answers) == {
        "leaving_date": "2026-11-30", "leaving_reason": "劳动合同期满终止",
        "bank_account": "6222021001123456789", "bank_name": "工商银行", "phone": "13900001111",
    }  # fmt: skip
    survivors = {
        "death_date": "2026-10-02", "claimant_id": "500103198001011238", "relation": "子女",
        "dependants": "007", "bank_account": "6222021001123456789", "bank_name": "建设银行",
    }  # fmt: skip
    assert form_check(_form("SUR001"), survivors)["dependants"] == "7"
    with pytest.raises(ValidationFailed) as refused:
        form_check(_form("SUR001"), {**survivors, "claimant_id": "500103198001011239"})
    assert list(refused.value.fields) == ["form_claimant_id"]


def test_a_shared_field_of_a_bundle_s_items_is_asked_once(catalogue):
    versions = [ServiceItem.objects.get(code=c).current_version() for c in ("UNE001", "PEN001")]
    keys = [f.key for f in form_of(versions)]
    assert keys.count("bank_account") == 1 and "retire_on" in keys and "leaving_reason" in keys


def test_a_fields_sheet_with_bad_lines_imports_nothing_and_names_each(catalogue, cast):
    before = ItemVersion.objects.count()
    tables = _fields_csv(
        "PEN007,1,bank_account,账号,,,bank_account,yes,,,",
        "PEN007,2,Bad Key,名称,,,text,yes,,,",  # line 3: the key
        "PEN007,3,kind,种类,,,colour,yes,,,",  # line 4: no such kind
        "PEN007,4,answer,回答,,,choice,yes,,,",  # line 5: a choice with nothing to choose
        "NOPE01,1,x,某项,,,text,yes,,,",  # line 6: no such item
    )
    with pytest.raises(importer.ImportRejected) as refused:
        services.catalogue_import(actor=cast.admin, tables=tables)
    assert sorted(line for _sheet, line, _m in refused.value.problems) == [3, 4, 5, 6]
    assert ItemVersion.objects.count() == before


def test_a_new_form_is_a_new_version_and_an_export_imports_back_unchanged(catalogue, cast):
    item = ServiceItem.objects.get(code="REC006")
    old = item.current_version()
    assert old.form_fields == []
    tables = _fields_csv("REC006,1,purpose,用途,用途,Purpose,choice,yes,出国;贷款;其他,Abroad;A loan;Other,")
    assert services.catalogue_import(actor=cast.admin, tables=tables)["versions"] == 1
    new = item.versions.order_by("-number").first()
    assert new.number == old.number + 1 and [f["key"] for f in new.form_fields] == ["purpose"]
    assert list(new.materials.values_list("key", flat=True)) == list(
        old.materials.values_list("key", flat=True)
    )
    again = importer.read_upload("f.csv", exporter.to_csv("fields"), "fields")
    assert services.catalogue_import(actor=cast.admin, tables=again)["versions"] == 0


def test_a_field_s_help_is_shown_in_the_reader_s_language(catalogue):
    reason = _form("UNE001")[1]
    assert reason.shown_help == "本人意愿中断就业（主动辞职）的不能领取失业保险金"
    with translation.override("en"):
        assert (
            reason.shown_help
            == "If you chose to leave the job (resigned), unemployment benefit cannot be paid"
        )
    with translation.override("zh-hant"):  # no stored translation: converted
        assert reason.shown_help == "本人意願中斷就業（主動辭職）的不能領取失業保險金"
    assert all(f.help_en for code in ("UNE001", "PEN001", "SUR001") for f in _form(code) if f.help)


def test_a_form_saved_before_help_translations_imports_back_without_a_new_version(catalogue, cast):
    version = ServiceItem.objects.get(code="UNE001").current_version()
    legacy = [{k: v for k, v in f.items() if not k.startswith("help_")} for f in version.form_fields]
    ItemVersion.objects.filter(pk=version.pk).update(form_fields=legacy)
    tables = _fields_csv(
        *[line for line in exporter.to_csv("fields").decode().splitlines()[1:] if line.startswith("UNE001,")]
    )
    assert services.catalogue_import(actor=cast.admin, tables=tables)["versions"] == 0
    tables = _fields_csv(
        "UNE001,1,leaving_date,离职日期,離職日期,Date you left the job,date,yes,,,按证明填写,,As on the proof"
    )
    assert services.catalogue_import(actor=cast.admin, tables=tables)["versions"] == 1
    field = _form("UNE001")[0]
    assert (field.help, field.help_zh_hant, field.help_en) == ("按证明填写", "", "As on the proof")
