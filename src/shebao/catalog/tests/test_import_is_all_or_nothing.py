import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from shebao.catalog import exporter, importer, services
from shebao.catalog.demo import seed_tables
from shebao.catalog.models import Bundle, ItemVersion, ServiceItem
from shebao.core.errors import NotAllowed, ValidationFailed

HEADER = ",".join(importer.ITEM_COLUMNS)
GOOD = "NEW001,新事项,新事項,New item,records,person,yes,low,yes,window;kiosk,,0,0,,,10,条件,,,"
BAD_RISK = "NEW002,另一个事项,,,records,person,yes,medium,no,window,,5,0,,,1,,,,"
INSTANT_HIGH = "NEW003,第三个事项,,,pension,person,yes,high,yes,window,,5,0,,,1,,,,"


def _csv(*lines):
    return "\n".join([HEADER, *lines]).encode()


def test_a_broken_row_imports_nothing_and_names_its_line(catalogue, cast):
    versions = ItemVersion.objects.count()
    tables = importer.read_upload("items.csv", _csv(GOOD, BAD_RISK, INSTANT_HIGH), "items")
    with translation.override("en"), pytest.raises(importer.ImportRejected) as caught:
        services.catalogue_import(actor=cast.admin, tables=tables)
    lines = [(sheet, line) for sheet, line, _m in caught.value.problems]
    assert ("items", 3) in lines and ("items", 4) in lines and ("items", 2) not in lines
    assert "items, line 3:" in str(caught.value.message)
    assert not ServiceItem.objects.filter(code__startswith="NEW").exists()
    assert ItemVersion.objects.count() == versions


def test_a_material_for_an_unknown_item_rejects_the_whole_xlsx(catalogue, cast):
    book = load_workbook(io.BytesIO(exporter.to_xlsx()))
    book["items"].append(GOOD.split(","))
    book["materials"].append(["NOPE999", 1, "resident_id_card", "", "original", 1, "required", "", "", ""])
    bad_line = book["materials"].max_row
    buf = io.BytesIO()
    book.save(buf)
    tables = importer.read_upload("catalogue.xlsx", buf.getvalue())
    with pytest.raises(importer.ImportRejected) as caught:
        services.catalogue_import(actor=cast.admin, tables=tables)
    assert caught.value.problems[0][:2] == ("materials", bad_line)
    assert not ServiceItem.objects.filter(code="NEW001").exists()


def test_an_export_imports_back_without_changes(catalogue, cast):
    tables = importer.read_upload("catalogue.xlsx", exporter.to_xlsx())
    before = ItemVersion.objects.count()
    assert services.catalogue_import(actor=cast.admin, tables=tables) == {
        "items": 0,
        "versions": 0,
        "bundles": 0,
    }
    assert ItemVersion.objects.count() == before
    csv_tables = importer.read_upload("m.csv", exporter.to_csv("materials"), "materials")
    assert services.catalogue_import(actor=cast.admin, tables=csv_tables)["versions"] == 0


def test_a_good_file_adds_an_item_with_standard_steps_and_a_bundle(catalogue, cast):
    tables = importer.read_upload("items.csv", _csv(GOOD), "items")
    tables |= importer.read_upload(
        "b.csv", b"code,name,applicant_type,items\nnew-bundle,new,person,NEW001;REC001\n", "bundles"
    )
    counts = services.catalogue_import(actor=cast.admin, tables=tables)
    assert counts == {"items": 1, "versions": 1, "bundles": 1}
    version = ServiceItem.objects.get(code="NEW001").current_version()
    assert version.steps and "社会保险" in version.legal_basis
    assert [m.item.code for m in Bundle.objects.get(code="new-bundle").members.all()] == ["NEW001", "REC001"]


def test_only_an_administrator_imports(catalogue, cast):
    tables = importer.read_upload("items.csv", _csv(GOOD), "items")
    for user in (cast.teller, cast.reviewer, cast.outsider):
        with pytest.raises(NotAllowed):
            services.catalogue_import(actor=user, tables=tables)
    assert not ServiceItem.objects.filter(code="NEW001").exists()


def _admin_client(cast, client):
    from shebao.testing import signed_in_with_second_factor

    return signed_in_with_second_factor(client, cast.admin)


def test_the_admin_import_page_lists_bad_lines(catalogue, cast, client):
    _admin_client(cast, client)
    upload = io.BytesIO(_csv(GOOD, BAD_RISK))
    upload.name = "items.csv"
    response = client.post("/admin/catalog/serviceitem/import/", {"file": upload, "kind": "items"})
    assert response.status_code == 200
    assert "items 第3行：" in response.content.decode()  # zh-hans, the default language
    assert not ServiceItem.objects.filter(code="NEW001").exists()


def test_the_admin_pages_and_exports_open(catalogue, cast, client):
    _admin_client(cast, client)
    item = ServiceItem.objects.get(code="SUR001")
    for url in [
        "/admin/catalog/serviceitem/",
        f"/admin/catalog/serviceitem/{item.pk}/change/",
        "/admin/catalog/material/?q=death_certificate",
        "/admin/catalog/bundle/",
        "/admin/catalog/serviceitem/import/",
    ]:
        assert client.get(url).status_code == 200, url
    book = load_workbook(io.BytesIO(client.get("/admin/catalog/serviceitem/export/xlsx/").content))
    assert book.sheetnames == ["items", "materials", "bundles", "fields"] and book["items"].max_row == 156
    assert book["fields"].max_row == 1 + len(seed_tables()["fields"])  # every seed form's fields
    materials = client.get("/admin/catalog/serviceitem/export/materials/").content.decode("utf-8-sig")
    assert materials.splitlines()[0] == ",".join(importer.MATERIAL_COLUMNS)
    assert client.get("/admin/catalog/serviceitem/export/nonsense/").status_code == 404


def test_a_broken_xlsx_file_is_refused_with_a_clear_message(catalogue, cast):
    with pytest.raises(ValidationFailed) as caught:
        importer.read_upload("catalogue.xlsx", b"PK\x03\x04 not really a workbook")
    assert "file" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:
        importer.read_upload("items.csv", "code,name\n".encode("gb18030") + "参保".encode("gb18030"), "items")
    assert "UTF-8" in str(caught.value.fields["file"])


def test_a_row_refused_while_writing_rolls_back_the_rows_written_before_it(catalogue, cast):
    """The dates are only checked against the database while writing: the new item written first must
    disappear with the refused change."""
    book = load_workbook(io.BytesIO(exporter.to_xlsx()))
    sheet = book["items"]
    header = [c.value for c in sheet[1]]
    sheet.insert_rows(2)
    for column, value in enumerate(GOOD.split(","), 1):
        sheet.cell(row=2, column=column, value=value)
    rec001 = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "REC001")
    rec001[header.index("conditions")].value = "改过的条件"
    rec001[header.index("effective_from")].value = "2020-01-01"  # before the version in force
    buf = io.BytesIO()
    book.save(buf)
    versions = ItemVersion.objects.count()
    with pytest.raises(importer.ImportRejected) as caught:
        services.catalogue_import(actor=cast.admin, tables=importer.read_upload("c.xlsx", buf.getvalue()))
    assert caught.value.problems[0][:2] == ("items", rec001[0].row)
    assert not ServiceItem.objects.filter(code="NEW001").exists()
    assert ItemVersion.objects.count() == versions
