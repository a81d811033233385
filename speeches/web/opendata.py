"""The open-data pages: /data/ (what each dump file holds, how to load and cite it), the manifest, and
the dump files themselves, streamed from disk with no database work per download."""
import datetime
import json

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import condition, require_safe

from speeches.opendata import dumps

from .downloads import ranged_response

CONTENT_TYPES = {".gz": "application/gzip", ".json": "application/json"}


def data_page(request):
    manifest = dumps.latest_manifest()
    changes = None
    if manifest is not None:
        changes = json.loads(dumps.dump_file(manifest["version"], dumps.CHANGES).read_text(encoding="utf-8"))
    return render(request, "speeches/data.html", {"manifest": manifest, "changes": changes,
                                                  "base_url": request.build_absolute_uri("/").rstrip("/")})


def latest_manifest(request):
    if (manifest := dumps.latest_manifest()) is None:
        raise Http404("No dump has been written yet.")
    return JsonResponse(manifest, json_dumps_params={"ensure_ascii": False, "indent": 1})


def latest_file(request, name):
    found = dumps.versions()
    if not found or dumps.dump_file(found[-1], name) is None:
        raise Http404("No such file in the current dump.")
    return redirect("speeches:data-file", version=found[-1], name=name)


def dump_etag(request, version, name):
    """Return a dump file's ETag (its size and time written), or None when there is no such file."""
    if (path := dumps.dump_file(version, name)) is None:
        return None
    stat = path.stat()
    return f'"{stat.st_size:x}-{int(stat.st_mtime_ns):x}"'


def dump_written(request, version, name):
    path = dumps.dump_file(version, name)
    return None if path is None else datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC)


@require_safe
@condition(etag_func=dump_etag, last_modified_func=dump_written)  # 304 to If-None-Match, If-Modified-Since
def dump_file(request, version, name):
    """Return a dump's file as a download, whole or the byte range asked for (``wget -c`` and ``curl -C -``
    resume). The name is checked against the dump's file names: no path from the request reaches the disk."""
    if (path := dumps.dump_file(version, name)) is None:
        raise Http404("No such dump file.")

    def open_at(start, end):
        stream = open(path, "rb")
        stream.seek(start)
        return stream

    response = ranged_response(request, path.stat().st_size, CONTENT_TYPES[path.suffix], open_at)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
