"""The "my notices" panel of the citizen portal's home page (people.portal): the unread count and the
newest notices of the inbox."""

from __future__ import annotations

from shebao.notify.selectors import inbox, unread_count
from shebao.people.portal import Panel


def _context(request, citizen, persons) -> dict:
    return {"unread": unread_count(citizen), "latest": inbox(citizen)[:3]}


PANEL = Panel(key="notices", order=5, template="notify/_portal_panel.html", context=_context)
