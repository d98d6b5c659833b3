"""The cases app's workbench cards (see core.workbench): accepting at the window, the back office's
queue, and the time-limit monitor with the statistics."""

from django.utils.translation import gettext_lazy as _

from shebao.core.workbench import card

card(
    key="accept",
    title=_("Accept an application"),
    text=_(
        "Find the applicant, choose the item, tick the materials received. If something is missing, "
        "print the one-time notice of everything to bring."
    ),
    link=_("Accept an application"),
    url_name="cases:accept",
    action="cases.case.accept",
    order=5,
)
card(
    key="online",
    title=_("Online applications"),
    text=_(
        "Applications citizens made online for your agency: check the uploaded materials, then accept "
        "them or return them with everything missing."
    ),
    link=_("Check online applications"),
    url_name="cases:online_queue",
    action="cases.online.accept",
    order=6,
)
card(
    key="queue",
    title=_("Work queue"),
    text=_(
        "Cases of your agency waiting for your step, most urgent first. Take the next one with one click."
    ),
    link=_("Open the work queue"),
    url_name="cases:queue",
    action="cases.queue.view",
    order=30,
)
card(
    key="case-statistics",
    title=_("Statistics and overdue cases"),
    text=_("Overdue cases, and cases accepted and completed by outlet, agency and item."),
    link=_("Open time limits and statistics"),
    url_name="cases:stats",
    action="cases.stats.view",
    order=35,
)
