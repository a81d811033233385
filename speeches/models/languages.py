"""The language of a document or of one of its texts: a BCP 47 tag (``speeches.languages``), with the
form field and input an editor chooses it with.

Django's ``choices`` would hold the language list fixed in every migration and refuse any tag not
in it; this field takes any tag of a known language, stores its canonical form, and names it.
"""
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join

from speeches.languages import (
    MOST_TAG_CHARACTERS,
    UnknownLanguage,
    canonical_tag,
    editor_locale,
    language_choices,
    language_name,
)

LANGUAGE_HELP = ("A BCP 47 tag: type a language's name to choose it (“Chi” finds Chinese), or any tag, such as "
                 "en-GB, pt-BR or zh-Hant. Chinese given without its script (zh) takes the script of its text.")


class LanguageInput(forms.TextInput):
    """A tag typed, or chosen by its name from a list the browser searches as the editor types.

    The list (thousands of languages) is written once a page, after the form's own language field;
    the inline forms' fields (named with their formset's prefix, "texts-0-language") use that one.
    """

    datalist_id = "language-tags"

    def __init__(self, attrs=None):
        super().__init__({"list": self.datalist_id, "autocomplete": "off", "spellcheck": "false", "size": 14,
                          **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        return html if "-" in name else html + language_datalist(self.datalist_id, editor_locale())


@lru_cache(maxsize=20)
def language_datalist(datalist_id, locale):
    """Return the ``<datalist>`` of every language by name in ``locale``: written once per locale, as
    its 8,000 options took 40 ms a page."""
    options = format_html_join("", '<option value="{}">{}</option>', language_choices(locale))
    return format_html('<datalist id="{}">{}</datalist>', datalist_id, options)


class LanguageFormField(forms.CharField):
    """A language tag in any case ("zh-cn", "EN-gb"), cleaned to its stored form, or a clear error."""

    widget = LanguageInput

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return canonical_tag(value)
        except UnknownLanguage as error:
            raise ValidationError(str(error), code="unknown_language") from None


class LanguageField(models.CharField):
    """A language as a BCP 47 tag, stored in canonical form; ``get_<name>_display()`` names it in the
    active language, as Django's method does for a field with choices."""

    description = "A language, as a BCP 47 tag"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MOST_TAG_CHARACTERS)
        kwargs.setdefault("help_text", LANGUAGE_HELP)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_length", MOST_TAG_CHARACTERS), ("help_text", LANGUAGE_HELP)):
            if kwargs.get(key) == default:
                del kwargs[key]
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        display = f"get_{self.name}_display"
        if display not in cls.__dict__:
            setattr(cls, display, lambda instance: language_name(getattr(instance, self.attname)))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        try:
            canonical_tag(value)
        except UnknownLanguage as error:
            raise ValidationError(str(error), code="unknown_language") from None

    def pre_save(self, model_instance, add):
        """Store the canonical tag; Chinese without a script takes its text's (``canonical_tag``).
        A value that names no language is left as it is: validation refuses it, a save does not guess."""
        value = getattr(model_instance, self.attname)
        try:
            value = canonical_tag(value, text=getattr(model_instance, "body", "") or "")
        except UnknownLanguage:
            return value
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        # The admin gives every CharField its text input; a language keeps its own, with the names.
        return super().formfield(**{**kwargs, "form_class": LanguageFormField, "widget": LanguageInput})
