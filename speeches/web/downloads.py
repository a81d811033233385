"""Answers that are files: a citation, a document, a table, a search's export; stored files (sources,
dumps) whole or by the byte range a client asks for."""
import re

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


# At most 18 ASCII digits a side: an exabyte, beyond any file here (a longer number is no range to read).
SINGLE_RANGE = re.compile(r"^bytes=([0-9]{0,18})-([0-9]{0,18})$")
BLOCK = 256 * 1024


def ranged_response(request, size, content_type, open_at, etag=None, last_modified=None):
    """Return a file of ``size`` bytes whole, or the one byte range a ``Range`` header asks (RFC 9110
    14.2), so a player starts at a paragraph's time and an interrupted download resumes; a range past
    the end is a 416. ``open_at(start, end)`` opens a binary stream of the file from ``start`` (its
    reader stops at ``end``). Django answers no ranges itself; several ranges in one request are
    answered whole, as the RFC allows. The file's ``etag`` and ``last_modified`` (an HTTP-date), if
    given, are sent, and an ``If-Range`` must name one of them for the range to be sent."""
    start, end = 0, size - 1
    requested = SINGLE_RANGE.match(request.headers.get("Range", "").replace(" ", ""))
    first, last = requested.groups() if requested else ("", "")
    ranged = bool(first or last) and not (first and last and int(first) > int(last))  # "5-3" is no range: ignored
    ranged = ranged and still_the_same_file(request.headers.get("If-Range"), etag, last_modified)
    if ranged:
        start, end = (int(first), min(int(last or end), end)) if first else (max(size - int(last), 0), end)
        if start > end or start >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
    response = StreamingHttpResponse(read_range(open_at(start, end), end - start + 1), content_type=content_type,
                                     status=206 if ranged else 200)
    response["Content-Length"] = str(end - start + 1)
    if ranged:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    if etag:
        response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = last_modified
    return response


def still_the_same_file(if_range, etag, last_modified):
    """Whether an ``If-Range`` (RFC 9110 13.1.5), if any, names the file as it is: its ETag, compared
    strongly (a weak one never matches), or exactly its Last-Modified date. Otherwise the range the
    client asks would be spliced onto the bytes of a file since changed: the whole file is sent."""
    if if_range is None:
        return True
    if if_range.startswith(('"', "W/")):
        return etag is not None and not etag.startswith("W/") and if_range == etag
    return last_modified is not None and if_range == last_modified


def read_range(handle, length):
    try:
        while length > 0:
            block = handle.read(min(BLOCK, length))
            if not block:
                return
            length -= len(block)
            yield block
    finally:
        handle.close()
