"""The Whoosh engine as the archive uses it: token-for-token fields for exact phrases."""
from haystack.backends.whoosh_backend import WhooshEngine as StockWhooshEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, TEXT


class ArchiveWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        """Adjust Haystack's schema to the archive's fields.

        ``exact_text`` fields are indexed token for token: their text arrives normalised
        (``speeches.search.text``), so no stemming, stop words or case folding happens here.
        Other single-valued string fields (kind, language, venue, event) hold one value to filter
        and facet on, so they are indexed whole, not stemmed as Haystack's default text would be.
        """
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            if field.document or field.is_multivalued:
                continue
            if field.field_type == "exact_text":
                replacement = TEXT(stored=False, analyzer=SpaceSeparatedTokenizer(), phrase=True)
            elif field.field_type == "string":
                replacement = ID(stored=field.stored)
            else:
                continue
            schema.remove(field.index_fieldname)
            schema.add(field.index_fieldname, replacement)
        return content_field_name, schema


class WhooshEngine(StockWhooshEngine):
    backend = ArchiveWhooshBackend
