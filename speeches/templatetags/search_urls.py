"""Links that change one parameter of the current search and keep the rest, so every state is a URL."""
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def with_filter(context, name, value):
    """Return the current query string with ``name`` set to ``value``, or removed if it has that value."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if params.get(name) == str(value):
        params.pop(name)
    else:
        params[name] = value
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def without(context, *names):
    """Return the current query string without the given parameters (and without the page)."""
    params = context["request"].GET.copy()
    for name in ("page", *names):
        params.pop(name, None)
    return "?" + params.urlencode()
