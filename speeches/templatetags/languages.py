"""Languages named on pages: ``{{ tag|language_name }}``, "Chinese (Simplified)" for "zh-Hans", in the
active language. Django's own filter of that name knows only its interface languages, and fails on others."""
from django import template

from speeches import languages

register = template.Library()


@register.filter
def language_name(tag):
    return languages.language_name(tag)
