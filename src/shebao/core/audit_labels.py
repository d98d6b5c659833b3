"""What an audit entry's dotted action (`people.person.viewed`) says to a reader of the audit page, in
their language: the object's name (the model's verbose name) and what was done to it. An action whose
verb has no label yet is shown as its code, never dropped."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

VERBS = {
    "accepted": _("accepted"),
    "added": _("added"),
    "answered": _("answered"),
    "approved": _("approved"),
    "assigned": _("assigned"),
    "authorised": _("staff authorised"),
    "booked": _("booked"),
    "bound": _("bound"),
    "called": _("called"),
    "cancelled": _("cancelled"),
    "case_linked": _("linked to a case"),
    "changed": _("changed"),
    "checked_in": _("checked in"),
    "claimed": _("taken up"),
    "closed": _("closed"),
    "completed_at_window": _("completed at the window"),
    "created": _("created"),
    "deadline_recounted": _("time limit counted again"),
    "deleted": _("deleted"),
    "delivered": _("result handed over"),
    "delivery_chosen": _("delivery chosen"),
    "done": _("done"),
    "ended": _("ended"),
    "generated": _("generated"),
    "imported": _("imported"),
    "issued": _("issued"),
    "locked_out": _("locked out"),
    "holder_away": _("holder marked away"),
    "holder_back": _("holder marked back"),
    "material_supplied": _("material supplied"),
    "named": _("named"),
    "no_show": _("did not come"),
    "opened": _("opened"),
    "post_recorded": _("post recorded (a woman's retirement age)"),
    "override_approved": _("recorded document approved"),
    "override_recorded": _("document recorded although the rules refuse it"),
    "password_changed": _("password changed"),
    "published": _("published"),
    "recalled": _("called again"),
    "received": _("received"),
    "recorded": _("recorded"),
    "registered": _("registered"),
    "rejected": _("rejected"),
    "reminded": _("reminded"),
    "requested": _("requested"),
    "restored": _("restored from a backup"),
    "resumed": _("resumed"),
    "returned": _("returned for supplement"),
    "revoked": _("revoked"),
    "saved": _("saved"),
    "scan_viewed": _("scan viewed"),
    "searched": _("searched"),
    "second_factor_enrolled": _("second factor set up"),
    "seeded": _("demo data loaded"),
    "serving": _("being served"),
    "sign_in_code_refused": _("sign-in code refused"),
    "sign_in_failed": _("sign-in failed"),
    "signed": _("signed"),
    "signed_in": _("signed in"),
    "signed_out": _("signed out"),
    "step_approved": _("step approved"),
    "submitted": _("submitted"),
    "supplemented": _("supplement complete"),
    "suspended": _("suspended"),
    "taken": _("taken"),
    "transferred": _("transferred"),
    "unbound": _("unbound"),
    "verified": _("verified"),
    "version_published": _("new version published"),
    "viewed": _("viewed"),
    "viewed_unmasked": _("viewed unmasked, to check against the document in hand"),
    "withdrawn": _("withdrawn"),
    # Certification (the recipient's cycle, devices, silent runs, recoveries).
    "certified": _("certified"),
    "overdue": _("became overdue"),
    "stopped": _("stopped on evidence of death"),
    "refused": _("refused"),
    "ran": _("ran"),
    "finished": _("finished"),
    "chunk_applied": _("results written back (one part)"),
    "confirmed": _("confirmed"),
    "instalments_set": _("instalments set"),
    "repaid": _("repaid"),
    "write_off_proposed": _("write-off proposed"),
    "written_off": _("written off"),
    "write_off_refused": _("write-off refused"),
}


# Scopes of audit actions that are not a model's label (or not under the model's own name).
SCOPES = {
    "cases.flow": _("case flow"),
    "cases.notice": _("notice"),
    "cases.online": _("online application"),
    "catalog.catalogue": _("service catalogue"),
    "consult.knowledge": _("knowledge base answer"),
    "consult.ticket": _("consultation"),
    "certification.benefit": _("benefit payment"),
    "certification.recipient": _("eligibility certification"),
    "certification.attestation": _("device attestation"),
    "certification.cycle": _("certification cycle"),
    "certification.run": _("silent certification run"),
    "certification.spot_check": _("spot check"),
    "certification.overdue_list": _("overdue certification list"),
    "certification.photo": _("relative's photo of the recipient"),
    "catalog.item": _("service item"),
    "catalog.search": _("saved search"),
    "core.backup": _("backup"),
    "core.demo": _("demo data"),
    "core.staff": _("staff account"),
    "core.stand_in": _("stand-in (A and B posts)"),
    "hall.follow_up": _("follow-up"),
    "hall.home_visit": _("home visit"),
    "hall.slots": _("booking times"),
    "people.citizen": _("citizen account"),
    "people.demo": _("demo data"),
    "people.document": _("identity document"),
    "people.proxy": _("proxy"),
    "notify.opt_out": _("notice preferences"),
    "records.contribution": _("contribution month"),
    "records.demo": _("demo data"),
    "records.document": _("statement or proof"),
    "records.kiosk": _("self-service kiosk"),
    "shebao.audit": _("staff account"),
}


def object_label(object_type: str) -> str:
    """`people.person` → 参保人 (the model's verbose name); the code itself for anything else."""
    if object_type in SCOPES:
        return str(SCOPES[object_type])
    app_label, _dot, model = (object_type or "").partition(".")
    try:
        return str(apps.get_model(app_label, model)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def action_label(action: str) -> str:
    scope, _dot, verb = (action or "").rpartition(".")
    if verb not in VERBS or not scope:
        return action
    # Translators: an audit log line, e.g. "参保人：查阅" (the object, then what was done to it).
    return str(
        pgettext_lazy("audit action", "%(object)s: %(verb)s")
        % {"object": object_label(scope), "verb": VERBS[verb]}
    )
