"""The Whoosh engine as the archive uses it: token-for-token fields for exact phrases."""
from haystack.backends.whoosh_backend import WhooshEngine as StockWhooshEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import TEXT


class ArchiveWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        """Index ``exact_text`` fields token for token: their text arrives normalised
        (``speeches.search.text``), so no stemming, stop words or case folding happens here."""
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            if field.field_type == "exact_text":
                schema.remove(field.index_fieldname)
                schema.add(
                    field.index_fieldname,
                    TEXT(stored=False, analyzer=SpaceSeparatedTokenizer(), phrase=True),
                )
        return content_field_name, schema


class WhooshEngine(StockWhooshEngine):
    backend = ArchiveWhooshBackend
