"""The archive's data, one module a room; import models from here (``from speeches.models import Document``).

- ``documents``: documents, their other texts and their speakers' credits.
- ``catalogue``: the people (and the offices they held), venues, regions and countries documents refer to.
- ``country_mentions``: the countries detection found in a document and the editors' corrections.
- ``retired``: the addresses of published documents that were deleted or merged.
- ``alerts``: readers following a search by email, and the documents each alert has reported.
- ``review_requests``: drafts and corrections submitted to a publisher, and what was decided.
- ``sources``: the files a transcript was taken from (PDF, scans, recordings), their pages and the paragraphs' places in them.
- ``index_backlog``: documents whose change the search index lacks yet.
- ``speeches.research.models``: the research tables (imported here, so Django finds them in this app).
"""
from speeches.research.models import Keyword, KeywordProfile, PassageFingerprint, RecurringPassage

from .alerts import Alert, AlertDelivery, Subscriber, one_mailbox
from .catalogue import Country, Office, OfficeMatch, Person, Region, Venue
from .country_mentions import CountryMention
from .documents import (
    Document,
    DocumentText,
    Speaker,
    TextRole,
    body_as_stored,
    count_words,
    speakers_with_people,
    text_deleted,
)
from .index_backlog import IndexBacklog
from .retired import RetiredDocument
from .review_requests import ReviewRequest
from .slugs import SLUG, SLUG_CHARACTER, event_slug, readable_slug, validate_slug_in_any_script
from .sources import (ParagraphTie, SourceFile, SourcePage, clock, parse_clock, region_from_percentages,
                      region_percentages)

__all__ = [
    "Alert", "AlertDelivery", "Country", "CountryMention", "Document", "DocumentText", "IndexBacklog", "Keyword",
    "KeywordProfile", "Office", "OfficeMatch", "ParagraphTie", "PassageFingerprint", "Person", "RecurringPassage", "Region",
    "RetiredDocument", "ReviewRequest", "SourceFile", "SourcePage", "Speaker",
    "Subscriber", "TextRole", "Venue", "body_as_stored", "clock", "count_words", "event_slug", "one_mailbox", "parse_clock",
    "region_from_percentages",
    "readable_slug", "region_percentages", "speakers_with_people", "text_deleted", "SLUG", "SLUG_CHARACTER",
    "validate_slug_in_any_script",
]
