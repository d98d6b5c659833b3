"""The cards of the staff workbench (the staff home), one per thing a member of staff may do.

Each app registers its cards (`card(...)` in its own cards.py, imported in its AppConfig.ready); the
workbench shows a card when core.permissions says the user may do its action. So the staff home per role
follows the same rules as the pages behind the cards, and no template checks role codes itself.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from shebao.core.permissions import can


@dataclass(frozen=True)
class Card:
    key: str  # the card's data-testid is card-<key>
    title: str  # lazy translations
    text: str
    link: str
    url_name: str
    action: str  # the permission action that decides whether the card is shown
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_CARDS: dict[str, Card] = {}


def card(**fields) -> Card:
    new = Card(**fields)
    if new.key in _CARDS:
        raise RuntimeError(f"workbench card {new.key!r} is registered twice")
    _CARDS[new.key] = new
    return new


def cards_for(user) -> list[Card]:
    shown = []
    for each in sorted(_CARDS.values(), key=lambda c: (c.order, c.key)):
        try:
            each.url  # noqa: B018  (a card whose page is not installed is not shown)
        except NoReverseMatch:
            continue
        if can(user, each.action):
            shown.append(each)
    return shown
