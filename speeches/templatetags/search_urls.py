"""The search page's tags: links that change one parameter of the current search and keep the rest
(so every state is a URL), and the options of its form."""
from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

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


@register.simple_tag
def options(choices, selected):
    """Return the ``<option>`` of each (value, label) pair, the one whose value is ``selected`` selected.

    A search form lists every speaker: written out here, hundreds of options cost a fraction of
    what a template loop does.
    """
    selected = None if selected is None else str(selected)
    marks = {True: mark_safe(" selected"), False: ""}
    return format_html_join("", '<option value="{}"{}>{}</option>',
                            ((value, marks[str(value) == selected], label) for value, label in choices))
