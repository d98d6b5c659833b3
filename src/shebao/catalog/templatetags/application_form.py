from django import template

from shebao.catalog.application_form import shown_answers

register = template.Library()


@register.filter
def answers_of(filled) -> list[tuple[str, str]]:
    """{{ case|answers_of }}: a case's or an online application's form answers as (label, shown value),
    account and document numbers masked."""
    return shown_answers(filled.item_version, filled.form_data or {})
