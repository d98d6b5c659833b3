"""The printed guides: what an item's or a bundle's one-page PDF says, in the reader's language.

The catalogue's own text (names, conditions, steps, materials) stays as written; headings and the words
around it are translated here. `pdf.one_page` lays the page out.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from shebao.catalog import pdf
from shebao.catalog.models import ApplicantType, Channel, MaterialForm
from shebao.catalog.selectors import BundleView, Guide
from shebao.core.typography import join_list


def form_label(form: str) -> str:
    return str(MaterialForm(form).label) if form in MaterialForm.values else form


def need_label(requirement: str, defer_days: int | None) -> str:
    if requirement == "deferrable":
        return _("May follow within %(days)s working days") % {"days": defer_days}
    return _("Optional") if requirement == "optional" else _("Required")


def time_limit_label(item, version) -> str:
    if item.instant:
        return _("Decided at the window")
    days = version.time_limit_days if version else 0
    return _("%(days)s working days") % {"days": days}


def fee_label(version) -> str:
    return _("Free") if not version or not version.fee else _("%(fee)s yuan") % {"fee": version.fee}


def _material_cell(m, *, example: bool = True) -> str:
    text = m.name + (f" × {m.count}" if m.count > 1 else "")
    if m.notes:
        text += f"\n{m.notes}"
    if example and m.example:
        text += "\n" + _("Example: %(example)s") % {"example": m.example}
    return text


def _footer() -> str:
    return _("Printed %(date)s. Questions: call 12333.") % {"date": timezone.localdate().isoformat()}


def item_pdf(guide: Guide, url: str) -> pdf.Rendered:
    item, version = guide.item, guide.version
    who = join_list(ApplicantType(t).label for t in item.applicant_types if t in ApplicantType.values)
    if item.proxy_allowed:
        who += " · " + _("a family member or proxy may apply with a power of attorney")
    channels = join_list(Channel(c).label for c in item.channels if c in Channel.values)
    facts = [
        _("Time limit: %(limit)s") % {"limit": time_limit_label(item, version)},
        _("Fee: %(fee)s") % {"fee": fee_label(version)},
        _("Where: %(channels)s") % {"channels": channels},
    ]
    if version and version.forms:
        facts.append(_("Forms: %(forms)s") % {"forms": join_list(version.forms)})
    rows = [[_("Material"), _("Original or copy"), _("Needed")]]
    rows += [
        [_material_cell(m), form_label(m.form), need_label(m.requirement, m.defer_days)]
        for m in guide.materials
    ]
    sections = [
        pdf.Section(_("Who can apply"), text=f"{version.conditions if version else ''}\n{who}"),
        pdf.Section(_("What to bring"), table=rows if guide.materials else ()),
        pdf.Section(_("Steps"), lines=version.steps if version else ()),
        pdf.Section(_("Time limit, fee and where"), text="\n".join(facts)),
        pdf.Section(_("Legal basis"), text=version.legal_basis if version else "", small=True),
    ]
    if not guide.materials:
        sections[1].text = _("No materials needed.")
    kind = _("Done at the window") if item.instant else _("Reviewed by your agency")
    subtitle = _("Item code: %(code)s") % {"code": item.code} + f" · {kind} · {item.get_category_display()}"
    if version:
        subtitle += "\n" + _("Version %(n)s, in force from %(date)s") % {
            "n": version.number,
            "date": version.effective_from.isoformat(),
        }
    return pdf.one_page(
        title=item.name,
        subtitle=subtitle,
        url=url,
        scan_label=_("Scan to open this guide on a phone"),
        sections=sections,
        footer=_footer(),
    )


def bundle_pdf(view: BundleView, url: str) -> pdf.Rendered:
    lines = [
        _("%(item)s (%(code)s): %(limit)s")
        % {"item": g.item.name, "code": g.item.code, "limit": time_limit_label(g.item, g.version)}
        for g in view.guides
    ]
    rows = [[_("Material"), _("Original or copy"), _("Needed"), _("For how many items")]]
    # Examples are on each item's own guide; a bundle's page keeps to one set of materials.
    rows += [
        [
            _material_cell(m, example=False),
            form_label(m.form),
            need_label(m.requirement, m.defer_days),
            str(len(m.items)),
        ]
        for m in view.materials
    ]
    sections = [
        pdf.Section(_("Items handled together"), lines=lines),
        pdf.Section(_("One set of materials for all of them"), table=rows),
        pdf.Section(
            _("How it works"),
            text=_(
                "Hand in one application form and this one set of materials at any window. "
                "Each item is then decided by your agency within its own time limit."
            ),
        ),
    ]
    return pdf.one_page(
        title=view.bundle.name,
        subtitle=view.bundle.description,
        url=url,
        scan_label=_("Scan to open this guide on a phone"),
        sections=sections,
        footer=_footer(),
    )
