"""Every seed guide, item or bundle, prints on one A4 page in legible type, and its QR code (read by a
real decoder) opens the guide's own page."""

import io

import pypdfium2
import zxingcpp

from shebao.catalog import printing, selectors
from shebao.catalog.models import Bundle, ServiceItem

A4_POINTS = (595, 842)
LEGIBLE = 0.8  # body type at least 0.8 × 11 pt


def _pages(data: bytes) -> list:
    return list(pypdfium2.PdfDocument(io.BytesIO(data)))


def _qr_texts(page) -> list[str]:
    image = page.render(scale=2).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def test_every_item_guide_is_one_legible_a4_page(catalogue):
    scales = {}
    for item in ServiceItem.objects.all():
        rendered = printing.item_pdf(selectors.item_guide(item.code), f"http://x/catalog/items/{item.code}/")
        pages = _pages(rendered.data)
        assert len(pages) == 1, item.code
        assert tuple(round(v) for v in pages[0].get_size()) == A4_POINTS
        scales[item.code] = rendered.scale
    assert min(scales.values()) >= LEGIBLE, min(scales.items(), key=lambda kv: kv[1])


def test_the_longest_item_guide_keeps_everything_and_its_qr_code(catalogue):
    longest = max(
        ServiceItem.objects.all(),
        key=lambda i: sum(
            len(m.name) + len(m.notes) + len(m.example) for m in selectors.item_guide(i.code).materials
        ),
    )
    guide = selectors.item_guide(longest.code)
    url = f"http://testserver/catalog/items/{longest.code}/"
    (page,) = _pages(printing.item_pdf(guide, url).data)
    text = page.get_textpage().get_text_range()
    assert longest.name in text and guide.version.legal_basis[:20] in text
    assert all(m.name in text for m in guide.materials)
    assert guide.version.steps[-1][:10] in text  # the last step is there, not cut off
    assert _qr_texts(page) == [url]


def test_every_bundle_guide_is_one_legible_page_with_its_merged_materials(catalogue):
    for bundle in Bundle.objects.all():
        view = selectors.bundle_detail(bundle.code)
        url = f"http://testserver/catalog/bundles/{bundle.code}/"
        rendered = printing.bundle_pdf(view, url)
        (page,) = _pages(rendered.data)
        assert rendered.scale >= LEGIBLE, bundle.code
        text = page.get_textpage().get_text_range()
        for m in view.materials:
            assert text.count(m.name) >= 1, (bundle.code, m.name)
        if bundle.code == "staff-changes":  # the largest bundle: 14 items
            assert _qr_texts(page) == [url]
