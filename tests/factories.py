"""Small factories for documents and the rows around them."""
import itertools

from speeches.dates import PartialDate
from speeches.models import Document, Office, Person, Region, Speaker, Venue

_numbers = itertools.count(1)


def make_person(name=None, **fields):
    return Person.objects.create(name=name or f"Person {next(_numbers)}", **fields)


def make_document(title=None, body="A plain paragraph.", speakers=(), regions=(), **fields):
    """Create a published document; ``speakers`` are people or ``(person, role)`` pairs."""
    fields.setdefault("status", Document.Status.PUBLISHED)
    document = Document.objects.create(title=title or f"Document {next(_numbers)}", body=body, **fields)
    for order, speaker in enumerate(speakers):
        person, role = speaker if isinstance(speaker, tuple) else (speaker, "")
        Speaker.objects.create(document=document, person=person, role=role, order=order)
    document.regions.set(regions)
    return document


def make_region(name="Central Asia"):
    return Region.objects.create(name=name)


def make_venue(name="Akorda Palace", city="Astana", country="Kazakhstan"):
    return Venue.objects.create(name=name, city=city, country=country)


def make_office(person, title, start=None, end=None, **fields):
    """Create an office of ``person`` from ``start`` to ``end``, written as precisely as known ("2013-03")."""
    for name, text in (("start", start), ("end", end)):
        if text:
            partial = PartialDate.parse(text)
            fields.update({name: partial.start, f"{name}_precision": partial.precision})
    return Office.objects.create(person=person, title=title, **fields)
