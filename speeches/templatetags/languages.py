"""Languages named on pages: ``{{ tag|language_name }}``, "Chinese (Simplified)" for "zh-Hans", in the
active language. Django's own filter of that name knows only its interface languages, and fails on others.
And ``{{ parts|each_isolated }}``: parts of a line in any script, each laid out in its own direction."""
from django import template
from django.utils.html import format_html_join

from speeches import languages

register = template.Library()


@register.filter
def language_name(tag):
    return languages.language_name(tag)


@register.filter
def each_isolated(parts):
    """Return ``parts`` joined by commas, each in its own <bdi>: a venue "الرياض, Riyadh, Saudi Arabia" in
    one <bdi> took the Arabic name's direction and read "Riyadh, Saudi Arabia ,الرياض"."""
    return format_html_join(", ", "<bdi>{}</bdi>", ((part,) for part in parts))
