"""The open-data pages: /data/ (what each dump file holds, how to load and cite it), the manifest, and
the dump files themselves, streamed from disk with no database work per download."""
import json

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import http_date

from speeches.opendata import dumps

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


def dump_file(request, version, name):
    """Return a dump's file as a download (the name is checked against the dump's file names: no path
    from the request reaches the disk)."""
    if (path := dumps.dump_file(version, name)) is None:
        raise Http404("No such dump file.")
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=name,
                            content_type=CONTENT_TYPES[path.suffix])
    stat = path.stat()
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["ETag"] = f'"{stat.st_size:x}-{int(stat.st_mtime_ns):x}"'
    return response
