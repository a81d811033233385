"""Languages named on pages: ``{{ tag|language_name }}``, "Chinese (Simplified)" for "zh-Hans", in the
active language. Django's own filter of that name knows only its interface languages, and fails on others.
A text's language and direction: ``<p{% written_in tag %}>``."""
from django import template
from django.utils.html import format_html

from speeches import languages

register = template.Library()


@register.filter
def language_name(tag):
    return languages.language_name(tag)


@register.simple_tag
def written_in(tag):
    """Return the attributes of an element holding text in the language ``tag`` names: ``lang``, and
    ``dir="rtl"`` for a language written from right to left; nothing for a text of no known language."""
    if not tag:
        return ""
    if languages.is_right_to_left(tag):
        return format_html(' lang="{}" dir="rtl"', tag)
    return format_html(' lang="{}"', tag)
