"""The open-data pages: /data/ (what each dump file holds, how to load and cite it), the manifest, and
the dump files themselves, streamed from disk with no database work per download."""
import datetime
import json

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import condition, require_safe

from speeches.opendata import dumps

from .downloads import ranged_response

CONTENT_TYPES = {".gz": "application/gzip", ".json": "application/json"}


@require_safe
def data_page(request):
    manifest = dumps.latest_manifest()
    changes = None
    if manifest is not None:
        changes = json.loads(dumps.dump_file(manifest["version"], dumps.CHANGES).read_text(encoding="utf-8"))
    return render(request, "speeches/data.html", {"manifest": manifest, "changes": changes,
                                                  "base_url": request.build_absolute_uri("/").rstrip("/")})


@require_safe
def latest_manifest(request):
    if (manifest := dumps.latest_manifest()) is None:
        raise Http404("No dump has been written yet.")
    return JsonResponse(manifest, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_safe
def latest_file(request, name):
    found = dumps.versions()
    if not found or dumps.dump_file(found[-1], name) is None:
        raise Http404("No such file in the current dump.")
    return redirect("speeches:data-file", version=found[-1], name=name)


def found_dump_file(version, name):
    """Return (the path, its ``stat``) of a dump's file, or None: no such file (the name is checked
    against the dump's file names: no path from the request reaches the disk), or one a newer dump
    has removed meanwhile."""
    if (path := dumps.dump_file(version, name)) is None:
        return None
    try:
        return path, path.stat()
    except OSError:
        return None


def dump_etag(request, version, name):
    if (found := found_dump_file(version, name)) is None:
        return None
    return etag_of(found[1])


def etag_of(stat):
    return f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'


def dump_written(request, version, name):
    if (found := found_dump_file(version, name)) is None:
        return None
    return datetime.datetime.fromtimestamp(found[1].st_mtime, datetime.UTC)


@require_safe
@condition(etag_func=dump_etag, last_modified_func=dump_written)  # 304 to If-None-Match, If-Modified-Since
def dump_file(request, version, name):
    """Return a dump's file as a download, whole or the byte range asked for (``wget -c`` and ``curl -C -``
    resume; a browser resuming with ``If-Range`` gets the range only if the file is the one it began)."""
    if (found := found_dump_file(version, name)) is None:
        raise Http404("No such dump file.")
    path, stat = found

    def open_at(start, end):
        stream = open(path, "rb")
        stream.seek(start)
        return stream

    response = ranged_response(request, stat.st_size, CONTENT_TYPES[path.suffix], open_at, etag=etag_of(stat),
                               last_modified=http_date(stat.st_mtime))
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
