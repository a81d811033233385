"""Slugs: the readable part of the archive's addresses, made from names and titles."""
import re
import unicodedata

from anyascii import anyascii
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify

DASHES = re.compile("[\u2010-\u2015\u2212]")
# A character a slug may hold: a letter of any script with its marks, a digit, a hyphen or an underscore;
# no white space, control or invisible character or other ASCII punctuation. Written without \w, so that
# a JSON Schema validator (ECMA-262, whose \w is ASCII only and whose \s holds U+FEFF) reads the API's
# pattern as Python does.
SLUG_CHARACTER = r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff!-,./:-@\[-^`{-~]"
SLUG = re.compile(f"{SLUG_CHARACTER}+")
# What a slug in a script's own letters keeps of a name: letters, digits and their marks (a Devanagari
# vowel sign, a virama); Django's slugify drops marks, so "नरेंद्र" became "नरदर" and राम and रमा one slug.
KEPT_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Nd", "Nl", "No"}
# Kept inside a slug's words: hyphens, underscores, and the zero-width joiner and non-joiner that Sinhala
# and Persian words are written with (ශ්‍රී).
WORD_JOINERS = "-_\u200c\u200d"
# Letters that belong to no script in particular: modifier letters (the ʻ of Oʻzbekiston, the ʿ of Ṣanʿāʾ).
SCRIPTLESS_LETTERS = {"Lm"}

validate_slug_in_any_script = RegexValidator(
    re.compile(rf"\A{SLUG.pattern}\Z"), "Enter a slug of letters (of any script), digits, hyphens or underscores.",
    "invalid")


class SlugInAnyScriptField(models.SlugField):
    """A slug of letters of any script, with their marks (Django's own field refuses a vowel sign)."""

    default_validators = [validate_slug_in_any_script]

    def formfield(self, **kwargs):
        return models.CharField.formfield(self, **kwargs)


def slug_for(text, max_length=80):
    """Return a URL slug for ``text`` in ASCII (a document's title: the decorative part of its address);
    dashes of any kind separate words ("China–Central" -> "china-central")."""
    return cut_between_words(slugify(DASHES.sub(" ", text)), max_length)


def slug_in_its_script(text, max_length=80):
    """Return a URL slug for ``text`` that keeps its letters, digits and their marks in any script,
    lower-cased: "नरेंद्र मोदी" -> "नरेंद्र-मोदी"."""
    kept = "".join(character if unicodedata.category(character) in KEPT_CATEGORIES or character in WORD_JOINERS else " "
                   for character in unicodedata.normalize("NFKC", DASHES.sub(" ", text)).lower())
    return cut_between_words(re.sub(r"[-\s]+", "-", kept).strip("-_"), max_length)


def cut_between_words(slug, max_length):
    """Return ``slug`` cut to ``max_length`` characters at the end of a word, when it has one to cut at
    ("...-of-regional-cooperation" -> "...-of-regional", not "...-of-regiona")."""
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    if slug[max_length] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")


def readable_slug(text, max_length=80):
    """Return the slug of ``text`` in ASCII when its letters are all Latin ("Côte d'Ivoire" -> "cote-divoire");
    else in its own scripts, every letter kept: "Сергей Лавров" -> "сергей-лавров", "Саммит ШОС 2024
    (Astana)" -> "саммит-шос-2024-astana", where the ASCII slug would be empty or keep only its Latin part
    ("2024-astana", the same for every summit of 2024 in Astana)."""
    if has_only_latin_letters(text):  # transliterated: Django's slugify drops ł, ß, ø ("Łódź" -> "lodz", not "odz")
        return slug_for(anyascii(text), max_length)
    return slug_in_its_script(text, max_length)


def has_only_latin_letters(text):
    """Whether every letter of ``text`` is one of the Latin script's (in any of its compatibility forms),
    but for modifier letters, which belong to no script."""
    return all("LATIN" in unicodedata.name(character, "")
               for character in unicodedata.normalize("NFKC", text)
               if character.isalpha() and unicodedata.category(character) not in SCRIPTLESS_LETTERS)


def unique_slug(model, name, instance_pk=None):
    """Return a slug for ``name`` that no other row of ``model`` uses."""
    base = readable_slug(name, 70) or "untitled"
    slug, suffix = base, 2
    while model.objects.filter(slug=slug).exclude(pk=instance_pk).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def event_slug(event):
    """Return the slug that stands for an event's name in search filters."""
    return readable_slug(event)
