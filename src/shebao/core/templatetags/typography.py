"""Template side of core.typography: {% load typography %}.

- `{{ names|join_list }}` joins with the language's list separator (、 in Chinese);
  `{% list_separator %}` is the same separator for a `{% for %}` loop that builds links.
- `{{ metres|distance }}`: "350 m" / "2.3 km" in the language's units.
- `{{ item|local_name }}`: a name in the reader's language (stored translation, else OpenCC for 繁體);
  `{{ text|local_text }}` the same for content with no stored translation (conditions, notes).
- `{{ reason|as_clause }}`: a staff-written reason without its final full stop, for inside a sentence.
- `{% capture as name %}…{% endcapture %}` renders markup (a link, a loop) into `name`, so that a
  translated sentence takes it as a placeholder and owns its punctuation:
  `{% blocktranslate with hours=hours %}Today: {{ hours }}{% endblocktranslate %}` → "今天：{{ hours }}".
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from shebao.core import typography

register = template.Library()


@register.filter(needs_autoescape=True)
def join_list(items, autoescape=True) -> str:
    if not autoescape:
        return typography.join_list(items)
    return format_html_join(typography.list_separator(), "{}", ((item,) for item in items))


@register.simple_tag
def list_separator() -> str:
    return typography.list_separator()


@register.filter
def distance(metres) -> str:
    return "" if metres is None else typography.format_distance(float(metres))


@register.filter
def as_clause(text) -> str:
    return typography.as_clause(str(text or ""))


class CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist, self.name = nodelist, name

    def render(self, context) -> str:
        # A template's own output: its variables are escaped already (autoescape applies inside), so it is
        # as safe as the page around it, and blocktranslate must not escape the markup a second time.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token) -> CaptureNode:
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def local_name(obj) -> str:
    return typography.local_name(obj)


@register.filter
def local_text(text) -> str:
    return typography.in_reader_language(str(text or ""))


@register.filter
def due(day) -> str:
    """{{ case.deadline|due }}: 2027-01-05, or "2027-01-05（暂定）" in a year not yet announced."""
    return typography.due_date(day)
