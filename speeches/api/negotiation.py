"""Which answer format a request to the API gets."""
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class NamedFormatNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, but a ``?format=`` the view cannot answer in is a 400 naming those it can
    (DRF answers an unexplained 404, as if the address were wrong)."""

    def filter_renderers(self, renderers, format):
        answerable = [renderer for renderer in renderers if renderer.format == format]
        if not answerable:
            formats = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise ValidationError({"format": [f"“{format}” is no format this answers in; it answers in: {formats}. "
                                              "Files of a search's documents: /api/search/export/?format=csv."]})
        return answerable
