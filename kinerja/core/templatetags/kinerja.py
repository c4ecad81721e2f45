from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (pagination links keep filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.items()))


@register.filter
def indent(depth):
    return (depth or 0) * 1.25


@register.filter
def minutes(value) -> int:
    """A timedelta (or seconds) as whole minutes, rounded up: "dikunci selama 30 menit", never "PT30M"."""
    seconds = value.total_seconds() if hasattr(value, "total_seconds") else float(value or 0)
    return max(0, -(-int(seconds) // 60))


@register.filter
def message(value) -> str:
    """A stored message (kinerja.core.i18n: msgid + parameters) in the reader's language; plain
    text stored before that is shown as it is."""
    from kinerja.core.i18n import render

    return render(value)
