"""The search page's tags: links that change one parameter of the current search and keep the rest
(so every state is a URL), links to the paragraphs a hit matched in, and the options of its form."""
import html
from urllib.parse import urlencode

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def with_filter(context, name, value):
    """Return the current query string with ``name`` set to ``value``, or removed if it has that value."""
    value = str(value)
    pairs = search_params(context["request"])
    kept = [(key, given) for key, given in pairs if key != name]
    current = [given for key, given in pairs if key == name]
    if current and current[-1] == value:  # the value a form reads: the last
        return "?" + urlencode(kept)
    # In the place the parameter had (its values are together), else at the end.
    position = next((index for index, (key, _) in enumerate(pairs) if key == name), len(pairs))
    kept.insert(position, (name, value))
    return "?" + urlencode(kept)


@register.simple_tag(takes_context=True)
def without(context, *names):
    """Return the current query string without the given parameters (and without the page)."""
    return "?" + urlencode([(key, value) for key, value in search_params(context["request"]) if key not in names])


def search_params(request):
    """Return the request's (name, value) pairs but the page, read once: a results page links
    every facet option (a hundred or more) to a variation of them."""
    if not hasattr(request, "_search_params"):
        request._search_params = [(key, value) for key, values in request.GET.lists() if key != "page"
                                  for value in values]
    return request._search_params


@register.simple_tag
def options(choices, selected):
    """Return the ``<option>`` of each (value, label) pair, the one whose value is ``selected`` selected.

    A search form lists every speaker: hundreds of options, written out here with the standard
    library's escaping (a template loop, or ``format_html``, costs several times as much a page).
    """
    selected = None if selected is None else str(selected)
    return mark_safe("".join(f'<option value="{escaped(value)}"{" selected" if str(value) == selected else ""}>'
                             f"{escaped(label)}</option>" for value, label in choices))


def escaped(text):
    """Return ``text`` escaped for HTML, as ``conditional_escape`` does (what is marked safe stays)."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


@register.simple_tag
def paragraph_url(document, anchor, language="", highlight="", page_url=None):
    """Return the address of a paragraph of ``document`` (``Document.paragraph_url``)."""
    return document.paragraph_url(anchor, language, highlight or "", page_url)
