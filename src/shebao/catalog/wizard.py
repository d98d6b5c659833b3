"""The "what do I need" wizard: who you are, what happened, and (when several fit) which case is yours,
leading to a bundle or items and the merged list of materials to bring."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from shebao.catalog import selectors
from shebao.catalog.merge import MergedMaterial, merge_materials
from shebao.catalog.models import ServiceItem

WHO = [
    ("person", _("I am applying for myself")),
    ("employer", _("I handle social insurance for an employer")),
    ("relative", _("I am helping a family member")),
]
EVENTS = {
    "person": [
        ("retiring", _("I am reaching retirement age")),
        ("lost_job", _("I lost my job")),
        ("injured", _("I was injured at work")),
        ("moving", _("I am moving to another city or province")),
        ("lost_card", _("I lost my social security card")),
        ("self_employed", _("I work for myself and want to pay contributions")),
        ("need_proof", _("I need a proof of insurance or my record")),
    ],
    "employer": [
        ("hiring", _("We are hiring a new employee")),
        ("staff_leaving", _("An employee is leaving")),
        ("injured", _("An employee was injured at work")),
        ("start_business", _("We are opening a business")),
        ("close_business", _("We are closing a business")),
    ],
    "relative": [
        ("death", _("A family member died")),
        ("certification", _("A parent must certify eligibility for their pension")),
        ("lost_card", _("A family member lost their social security card")),
    ],
}
# Events that no bundle covers lead straight to items.
EVENT_ITEMS = {
    "need_proof": ["REC001", "REC002", "REC012"],
    "certification": ["CER001", "CER005", "CER008"],
    "injured": ["WI001", "WI020"],
}


@dataclass
class WizardState:
    who: str = ""
    event: str = ""
    who_choices: list = field(default_factory=lambda: WHO)
    event_choices: list = field(default_factory=list)
    bundles: list = field(default_factory=list)
    chosen: selectors.BundleView | None = None
    items: list[ServiceItem] = field(default_factory=list)
    materials: list[MergedMaterial] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return bool(self.chosen or self.items)


def answer(*, who: str = "", event: str = "", bundle: str = "") -> WizardState:
    state = WizardState()
    if who not in EVENTS:
        return state
    state.who, state.event_choices = who, EVENTS[who]
    if event not in dict(EVENTS[who]):
        return state
    state.event = event
    applicant = "employer" if who == "employer" else "person"
    state.bundles = selectors.bundle_list(applicant_type=applicant, life_event=event)
    if state.bundles:
        codes = [b.code for b in state.bundles]
        pick = bundle if bundle in codes else (codes[0] if len(codes) == 1 else "")
        if pick:
            state.chosen = selectors.bundle_detail(pick)
            state.materials = state.chosen.materials
        return state  # with several bundles and none picked, the page asks which one
    codes = EVENT_ITEMS.get(event, [])
    by_code = ServiceItem.objects.filter(active=True).in_bulk(codes, field_name="code")
    state.items = [by_code[c] for c in codes if c in by_code]
    rows = []
    for item in state.items:
        version = item.current_version()
        rows += [(item.code, m) for m in (version.materials.all() if version else [])]
    state.materials = merge_materials(rows)
    return state
