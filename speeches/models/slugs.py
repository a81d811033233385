"""Slugs: the readable part of the archive's addresses, made from names and titles."""
import re

from django.utils.text import slugify

DASHES = re.compile("[\u2010-\u2015\u2212]")
LETTER = re.compile(r"[^\W\d_]")


def slug_for(text, max_length=80, allow_unicode=False):
    """Return a URL slug for ``text``; dashes of any kind separate words ("China–Central" -> "china-central")."""
    return slugify(DASHES.sub(" ", text), allow_unicode=allow_unicode)[:max_length].strip("-")


def unique_slug(model, name, instance_pk=None):
    """Return a slug for ``name`` that no other row of ``model`` uses."""
    base = slug_for(name, 70) or "untitled"
    slug, suffix = base, 2
    while model.objects.filter(slug=slug).exclude(pk=instance_pk).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def event_slug(event):
    """Return the slug that stands for an event's name in search filters: a name whose letters are not
    Latin keeps them ("Саммит ШОС 2024" -> "саммит-шос-2024"), where a Latin slug would be empty or
    only its numbers, the same for every such event."""
    latin = slug_for(event)
    if LETTER.search(latin) or not LETTER.search(event):
        return latin
    return slug_for(event, allow_unicode=True)
