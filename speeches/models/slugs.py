"""Slugs: the readable part of the archive's addresses, made from names and titles."""
import re
import unicodedata

from django.utils.text import slugify

DASHES = re.compile("[\u2010-\u2015\u2212]")


def slug_for(text, max_length=80, allow_unicode=False):
    """Return a URL slug for ``text``; dashes of any kind separate words ("China–Central" -> "china-central")."""
    return slugify(DASHES.sub(" ", text), allow_unicode=allow_unicode)[:max_length].strip("-")


def readable_slug(text, max_length=80):
    """Return the slug of ``text`` in ASCII when its letters are all Latin, their accents taken off
    ("Côte d'Ivoire" -> "cote-divoire"); else in its own scripts, every letter kept: "Сергей Лавров" ->
    "сергей-лавров", "Саммит ШОС 2024 (Astana)" -> "саммит-шос-2024-astana", where the ASCII slug would
    be empty or keep only its Latin part ("2024-astana", the same for every summit of 2024 in Astana)."""
    return slug_for(text, max_length, allow_unicode=not has_only_latin_letters(text))


def has_only_latin_letters(text):
    """Whether every letter of ``text`` is one of the Latin script's (in any of its compatibility forms)."""
    return all("LATIN" in unicodedata.name(character, "")
               for character in unicodedata.normalize("NFKC", text) if character.isalpha())


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
