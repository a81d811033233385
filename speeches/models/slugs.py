"""Slugs: the readable part of the archive's addresses, made from names and titles."""
import re

from django.utils.text import slugify

DASHES = re.compile("[\u2010-\u2015\u2212]")
LETTER = re.compile(r"[^\W\d_]")


def slug_for(text, max_length=80, allow_unicode=False):
    """Return a URL slug for ``text``; dashes of any kind separate words ("China–Central" -> "china-central")."""
    return slugify(DASHES.sub(" ", text), allow_unicode=allow_unicode)[:max_length].strip("-")


def readable_slug(text, max_length=80):
    """Return the slug of ``text`` in Latin letters, their accents taken off ("Łódź Forum" -> "odz-forum"),
    or in its own script when the Latin one would keep none of its letters: "Сергей Лавров" ->
    "сергей-лавров", where the Latin slug would be empty, or only its numbers ("Саммит ШОС 2024" -> "2024")."""
    latin = slug_for(text, max_length)
    if LETTER.search(latin) or not LETTER.search(text):
        return latin
    return slug_for(text, max_length, allow_unicode=True)


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
