"""How a case's time limit reads: days left, or how long it is overdue (never "-3 days left")."""

from django import template

register = template.Library()


@register.inclusion_tag("cases/_days_left.html")
def days_left(days: int) -> dict:
    return {"days": days, "overdue": -days}
