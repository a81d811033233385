"""Answers that are files: a citation, a document, a table, a search's export."""
from django.http import HttpResponse, StreamingHttpResponse

from speeches.research.exports import FORMATS, MOST_EXPORTED, export_lines


def download(body, content_type, filename):
    """Return ``body`` (text, or an iterable of text chunks, streamed) as a file to save as ``filename``."""
    response_class = HttpResponse if isinstance(body, (str, bytes)) else StreamingHttpResponse
    response = response_class(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_download(request, prepared, format):
    """Return the streamed export of a prepared search's documents (the page's and the API's)."""
    found = prepared.ids(MOST_EXPORTED)
    extension, content_type = FORMATS[format]
    response = download(export_lines(format, found.ids, prepared.occurrences, request.build_absolute_uri),
                        content_type, f"search-export.{extension}")
    response["X-Total-Count"] = str(found.total)  # how many match; the file holds at most MOST_EXPORTED
    return response
