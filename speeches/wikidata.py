"""Wikidata items: the identifier (a Q number, ``Q15031``) a person, organisation, venue, region or
country is known by in linked data, so that a user of the archive's data can join it with others.

Editors give the number or paste the item's address; it is checked for its shape only, never looked
up over the network (a save must not wait for, or fail with, another site).
"""
import re

# Q and a number without leading zeros; Wikidata's numbers have 9 digits at most today.
ITEM = re.compile(r"Q[1-9][0-9]{0,11}")
# What an editor may paste: the number in any case, or the item's page or entity address.
PASTED = re.compile(r"(?:https?://(?:www\.|m\.)?wikidata\.org/(?:wiki|entity)/)?(q[1-9][0-9]{0,11})/?", re.IGNORECASE)
MOST_CHARACTERS = 13


class NotAnItem(ValueError):
    """Text that is not a Wikidata item's identifier nor its address."""


def parse_item(text):
    """Return the item ``text`` names ("q42", "https://www.wikidata.org/wiki/Q42" -> "Q42")."""
    found = PASTED.fullmatch(text.strip())
    if found is None:
        raise NotAnItem(f"“{text.strip()[:60]}” is not a Wikidata item: give its Q number (Q15031) or paste its "
                        "address (https://www.wikidata.org/wiki/Q15031).")
    return found.group(1).upper()


def entity_uri(item):
    """Return the item's concept URI, the one linked data joins on (``sameAs``, TEI ``idno``)."""
    return f"http://www.wikidata.org/entity/{item}"


def page_url(item):
    """Return the item's page, for readers."""
    return f"https://www.wikidata.org/wiki/{item}"
